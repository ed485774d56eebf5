package dev.trailflow.job.sql;

import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.sinks.IndexTemplates;
import dev.trailflow.job.sinks.OpenSearchClients;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/trailflow-sql SCRIPT [--print] [--key value ...]}: the script with the job's options in its
 * placeholders, printed (for a Studio notebook or the SQL client) or run in an embedded Flink.
 */
public final class SqlRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SqlRunner.class);
    private static final Pattern SET = Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");

    private SqlRunner() {}

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean print = rest.remove("--print");
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            System.err.println("usage: bin/trailflow-sql SCRIPT [--print] [--key value ...]");
            System.exit(2);
            return;
        }
        String file = rest.remove(0);
        List<String> statements;
        JobSettings settings;
        try {
            Map<String, String> given = JobSettings.parseArgs(rest.toArray(new String[0]));
            settings = JobSettings.fromMap(given);
            statements = prepare(new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8), settings, given);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("trailflow-sql: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (print) {
            print(statements, System.out);
        } else {
            run(statements, settings);
        }
    }

    public static List<String> prepare(String script, JobSettings settings, Map<String, String> given) {
        // Comments go first, so a placeholder mentioned in a comment is not required.
        Map<String, String> values = SqlScript.values(settings, given);
        List<String> out = new ArrayList<>();
        for (String s : SqlScript.statements(script)) {
            out.add(SqlScript.render(s, values));
        }
        return out;
    }

    static void print(List<String> statements, PrintStream out) {
        for (String s : statements) {
            out.println(s + ";");
            out.println();
        }
    }

    /** Runs every statement in order; returns once the last one (the inserts) has finished. */
    public static void run(List<String> statements, JobSettings settings) throws Exception {
        OpenSearchClients.check(settings);
        if (settings.installTemplates) {
            IndexTemplates.install(settings);
        }
        // A few restarts: Flink's file source reader can fail on a race between a finished split's
        // fetcher and a new split (FLINK-36146, unfixed); a restart reads the files again, and the
        // rollup ids make that harmless. A script's own SET statements still win.
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofSeconds(1));
        conf.addAll(setStatements(statements));
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.newInstance()
                .withConfiguration(conf).build());
        TableResult last = null;
        for (String s : statements) {
            if (SET.matcher(s.trim()).matches()) {
                // A TableEnvironment takes no SET statement; these were applied when it was created.
                continue;
            }
            LOG.info("running: {}", s.split("\n")[0]);
            last = env.executeSql(s);
        }
        if (last != null && last.getJobClient().isPresent()) {
            last.await();
        }
    }

    /**
     * The script's SET statements, applied before the environment exists: the runtime mode can only
     * be chosen when it is created.
     */
    static Configuration setStatements(List<String> statements) {
        Configuration c = new Configuration();
        for (String s : statements) {
            Matcher m = SET.matcher(s.trim());
            if (m.matches()) {
                c.setString(m.group(1), m.group(2));
            }
        }
        return c;
    }

}
