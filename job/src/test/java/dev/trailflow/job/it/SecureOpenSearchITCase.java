package dev.trailflow.job.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate from the right CA that names another host is refused: the one TLS case the real
 * security plugin (SecurityPluginITCase) cannot show, since its certificate names 127.0.0.1 and
 * localhost, the only names that reach it. An HTTPS relay in front of the plain OpenSearch stands in.
 */
class SecureOpenSearchITCase extends JobITBase {

    static final String USER = "trailflow";
    static final String PASSWORD = "pw-9f2c-never-in-logs";

    @TempDir
    static Path dir;
    static TlsFront.Certificates wrongName;
    static TlsFront wrongNameFront;

    @BeforeAll
    static void servers() throws Exception {
        wrongName = TlsFront.Certificates.make(dir.resolve("wrong-name"), "dns:opensearch.elsewhere.invalid");
        wrongNameFront = new TlsFront(URI.create(os.url).getPort(), wrongName.serverKeyStore, USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (wrongNameFront != null) {
            wrongNameFront.close();
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefusedEvenFromTheRightCa() {
        JobSettings s = JobSettings.fromArgs(new String[] {"--source.paths", dir.toString(),
            "--opensearch.hosts", "https://127.0.0.1:" + wrongNameFront.port(), "--opensearch.username", USER,
            "--opensearch.password", PASSWORD, "--opensearch.ca-file", wrongName.caPem.toString()});
        Exception e = assertThrows(IllegalStateException.class, () -> TrailflowJob.prepare(
                StreamExecutionEnvironment.getExecutionEnvironment(), s, new TrailflowJob.OpenSearchOutputs(s)));
        assertTrue(e.getMessage().contains("TLS failed") && e.getMessage().contains("opensearch.ca-file"), e.getMessage());
    }
}
