package dev.trailflow.job.options;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a run's options come from (SPEC §6), in increasing precedence: the defaults, the OpenSearch
 * credentials in the environment ({@code OPENSEARCH_USERNAME}, {@code OPENSEARCH_PASSWORD}), the
 * property group {@code trailflow} of the Managed Flink application's runtime properties (or, anywhere
 * else, of a JSON file in the same shape given by {@code --properties-file}), and the command line.
 */
public final class PropertySources {

    /** The property group the job reads; other groups are left to whoever defined them. */
    public static final String GROUP = "trailflow";
    public static final String PROPERTIES_FILE = "properties-file";

    private PropertySources() {}

    /**
     * Secrets a platform hands over in the environment (a Kubernetes Secret, say) rather than in a
     * manifest or the command line; used only where nothing else gives the option.
     */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "OPENSEARCH_USERNAME", TrailflowOptions.OPENSEARCH_USERNAME.key(),
            "OPENSEARCH_PASSWORD", TrailflowOptions.OPENSEARCH_PASSWORD.key());

    /** The options of this run: the command line over the property group over the environment. */
    public static Map<String, String> resolve(String[] args) {
        return resolve(args, System.getenv());
    }

    /** As {@link #resolve(String[])}, with the environment given. */
    public static Map<String, String> resolve(String[] args, Map<String, String> environment) {
        Map<String, String> commandLine = JobSettings.parseArgs(args);
        String file = commandLine.remove(PROPERTIES_FILE);
        Map<String, String> merged = new LinkedHashMap<>();
        ENVIRONMENT.forEach((variable, key) -> {
            String v = environment.get(variable);
            if (v != null && !v.isEmpty()) {
                merged.put(key, v);
            }
        });
        merged.putAll(group(file));
        merged.putAll(commandLine);
        return merged;
    }

    public static JobSettings settings(String[] args) {
        return JobSettings.fromMap(resolve(args));
    }

    /**
     * The {@code trailflow} group: from the file when one is named, else from Managed Flink's own
     * (absent outside it, which is no error).
     */
    static Map<String, String> group(String file) {
        // The runtime's reader returns no groups for a missing file (outside Managed Flink, its own is
        // missing); a file named by hand must exist.
        if (file != null && !Files.isRegularFile(Paths.get(file))) {
            throw new IllegalArgumentException("--" + PROPERTIES_FILE + ": " + file + " does not exist");
        }
        Map<String, Properties> groups;
        try {
            groups = file != null ? KinesisAnalyticsRuntime.getApplicationProperties(file)
                    : KinesisAnalyticsRuntime.getApplicationProperties();
        } catch (IOException | RuntimeException e) {
            if (file == null) {
                throw new UncheckedIOException(new IOException("cannot read the application's runtime properties", e));
            }
            throw new IllegalArgumentException("--" + PROPERTIES_FILE + ": " + file + " is not a runtime properties "
                    + "file; accepted: [{\"PropertyGroupId\": \"" + GROUP + "\", \"PropertyMap\": {\"key\": \"value\"}}]", e);
        }
        Properties p = groups.get(GROUP);
        Map<String, String> out = new LinkedHashMap<>();
        if (p != null) {
            for (String k : p.stringPropertyNames()) {
                out.put(k, p.getProperty(k));
            }
        }
        return out;
    }
}
