package dev.trailflow.job.sql;

import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.options.TrailflowOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * A SQL script with {@code ${key}} placeholders for the job's options, made ready to run: values
 * rendered as SQL wants them (a duration as an INTERVAL literal, the OpenSearch hosts as the
 * connector's ';'-separated list), then cut into statements.
 */
public final class SqlScript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private SqlScript() {}

    /** Every option's value as the script sees it; an option without a value has none here. */
    public static Map<String, String> values(JobSettings settings, Map<String, String> given) {
        Configuration c = Configuration.fromMap(given);
        Map<String, String> v = new LinkedHashMap<>();
        for (ConfigOption<?> o : TrailflowOptions.all()) {
            Object value = c.getOptional(o).orElse(null);
            if (value == null && o.hasDefaultValue()) {
                value = o.defaultValue();
            }
            if (value instanceof Duration) {
                v.put(o.key(), interval(o.key(), (Duration) value));
            } else if (value != null) {
                v.put(o.key(), value.toString());
            }
        }
        v.put(TrailflowOptions.OPENSEARCH_HOSTS.key(),
                settings.opensearchHosts.stream().map(URI::toString).collect(Collectors.joining(";")));
        if (settings.sourcePaths.size() == 1) {
            v.put(TrailflowOptions.SOURCE_PATHS.key(), settings.sourcePaths.get(0));
        } else {
            v.remove(TrailflowOptions.SOURCE_PATHS.key());
        }
        return v;
    }

    /** In the largest whole unit; whole seconds only, as SQL's INTERVAL literals here take no fraction. */
    static String interval(String key, Duration d) {
        if (d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(key + ": '" + d + "' is not whole seconds; accepted in SQL: whole seconds");
        }
        long n = d.getSeconds();
        String unit = "SECOND";
        if (n != 0 && n % 3600 == 0) {
            n /= 3600;
            unit = "HOUR";
        } else if (n != 0 && n % 60 == 0) {
            n /= 60;
            unit = "MINUTE";
        }
        // The default leading precision is 2 digits; say more when the number needs it.
        String digits = Long.toString(n);
        return String.format(Locale.ROOT, "INTERVAL '%s' %s%s", digits, unit,
                digits.length() > 2 ? "(" + digits.length() + ")" : "");
    }

    /** The script with every placeholder replaced; an unknown or unset one fails with its name. */
    public static String render(String script, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(script);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = values.get(key);
            if (value == null) {
                boolean known = TrailflowOptions.all().stream().anyMatch(o -> o.key().equals(key));
                throw new IllegalArgumentException(known
                        ? "${" + key + "} has no value: pass --" + key + (key.equals("source.paths") ? " (exactly one path)" : "")
                        : "${" + key + "} is not an option; accepted: "
                                + TrailflowOptions.all().stream().map(ConfigOption::key).collect(Collectors.joining(", ")));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Statements, without comments: each ends with ';' at the end of a line, and an
     * {@code EXECUTE STATEMENT SET BEGIN ... END;} block is one statement.
     */
    public static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inSet = false;
        for (String line : sql.split("\n", -1)) {
            String code = stripComment(line);
            if (code.isBlank() && current.length() == 0) {
                continue;
            }
            current.append(code).append('\n');
            String t = code.trim().toUpperCase(Locale.ROOT);
            if (t.startsWith("EXECUTE STATEMENT SET")) {
                inSet = true;
            }
            if (t.endsWith(";") && (!inSet || t.equals("END;"))) {
                String s = current.toString().trim();
                out.add(s.substring(0, s.length() - 1).trim());
                current.setLength(0);
                inSet = false;
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("the script ends inside a statement (no ';' after: "
                    + current.toString().trim().split("\n")[0] + " ...)");
        }
        return out;
    }

    /** A line without its "--" comment; quotes are respected, so '--' inside a string stays. */
    static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                return line.substring(0, i).replaceAll("\\s+$", "");
            }
        }
        return line.replaceAll("\\s+$", "");
    }
}
