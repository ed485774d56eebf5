package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSearch behind HTTPS with a private CA and basic auth: the job writes everything through it with
 * opensearch.ca-file and credentials; a wrong password, an untrusted certificate or one that does not
 * name the host fail at start with what to fix; the password never reaches the logs.
 */
class SecureOpenSearchITCase extends JobITBase {

    static final String USER = "trailflow";
    static final String PASSWORD = "pw-9f2c-never-in-logs";

    @TempDir
    static Path dir;
    static TlsFront.Certificates certs;
    static TlsFront.Certificates wrongName;
    static TlsFront front;
    static TlsFront wrongNameFront;

    @BeforeAll
    static void servers() throws Exception {
        os.deleteIndices("its-*");
        int target = URI.create(os.url).getPort();
        certs = TlsFront.Certificates.make(dir.resolve("certs"), "ip:127.0.0.1,dns:localhost");
        front = new TlsFront(target, certs.serverKeyStore, USER, PASSWORD);
        wrongName = TlsFront.Certificates.make(dir.resolve("wrong-name"), "dns:opensearch.elsewhere.invalid");
        wrongNameFront = new TlsFront(target, wrongName.serverKeyStore, USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (front != null) {
            front.close();
        }
        if (wrongNameFront != null) {
            wrongNameFront.close();
        }
    }

    private static JobSettings settings(int port, Path ca, String password, Path in) {
        List<String> args = new ArrayList<>(List.of("--source.paths", in.toString(),
                "--opensearch.hosts", "https://127.0.0.1:" + port, "--opensearch.raw-index", "its-raw-{yyyy.MM.dd}",
                "--opensearch.rollup-index", "its-rollups", "--opensearch.deadletter-index", "its-dead",
                "--opensearch.username", USER, "--opensearch.password", password, "--parallelism", "2"));
        if (ca != null) {
            args.addAll(List.of("--opensearch.ca-file", ca.toString()));
        }
        return JobSettings.fromArgs(args.toArray(new String[0]));
    }

    /** Every message logged while it is attached, with its exception. */
    static final class Captured extends AbstractAppender {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Captured() {
            super("captured", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent e) {
            lines.add(e.getMessage().getFormattedMessage() + (e.getThrown() == null ? "" : " " + e.getThrown()));
        }
    }

    @Test
    void aBackfillThroughTlsAndBasicAuthWritesEverythingAndLogsNoSecret() throws Exception {
        Path in = dir.resolve("in");
        ExpectedOutput expected = ExpectedOutput.generateFiles(new GeneratorConfig().events(3_000).seed(71)
                .span(Duration.ofHours(1)), in, 300_000);
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        Captured captured = new Captured();
        captured.start();
        logs.getConfiguration().getRootLogger().addAppender(captured, Level.ALL, null);
        logs.updateLoggers();
        try {
            JobSettings s = settings(front.port(), certs.caPem, PASSWORD, in);
            TrailflowJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), s);
        } finally {
            logs.getConfiguration().getRootLogger().removeAppender("captured");
            logs.updateLoggers();
        }
        assertEquals(expected.events, os.count("its-raw-*"));
        Map<java.util.List<String>, Long> written = ExpectedOutput.written(os, "its-rollups");
        assertTrue(expected.rollups.equals(written), () -> ExpectedOutput.diff(expected.rollups, written));
        assertTrue(captured.lines.stream().anyMatch(l -> l.contains("trailflow starting with")), "the logs were captured");
        assertTrue(captured.lines.stream().noneMatch(l -> l.contains(PASSWORD)), "the password is in no log line");
    }

    @Test
    void aWrongPasswordFailsAtStartNamingTheOptionsNotTheSecret() {
        String wrong = "wrong-pw-51a7";
        Exception e = assertThrows(IllegalStateException.class, () -> TrailflowJob.prepare(
                StreamExecutionEnvironment.getExecutionEnvironment(), settings(front.port(), certs.caPem, wrong, dir),
                new TrailflowJob.OpenSearchOutputs(settings(front.port(), certs.caPem, wrong, dir))));
        assertTrue(e.getMessage().contains("401") && e.getMessage().contains("opensearch.password"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong));
        assertTrue(front.refused() > 0, "the server saw and refused the credentials");
    }

    @Test
    void anUntrustedCertificateFailsAtStartSayingWhatToSet() {
        for (Path ca : new Path[] {certs.otherCaPem, null}) {
            Exception e = assertThrows(IllegalStateException.class, () -> TrailflowJob.prepare(
                    StreamExecutionEnvironment.getExecutionEnvironment(), settings(front.port(), ca, PASSWORD, dir),
                    new TrailflowJob.OpenSearchOutputs(settings(front.port(), ca, PASSWORD, dir))));
            assertTrue(e.getMessage().contains("TLS failed") && e.getMessage().contains("opensearch.ca-file"), e.getMessage());
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefusedEvenFromTheRightCa() {
        Exception e = assertThrows(IllegalStateException.class, () -> TrailflowJob.prepare(
                StreamExecutionEnvironment.getExecutionEnvironment(),
                settings(wrongNameFront.port(), wrongName.caPem, PASSWORD, dir),
                new TrailflowJob.OpenSearchOutputs(settings(wrongNameFront.port(), wrongName.caPem, PASSWORD, dir))));
        assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
    }
}
