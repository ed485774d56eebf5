package dev.trailflow.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code trailflow-generate}: synthetic CloudTrail files for the demo and the benchmarks. */
public final class GenerateMain {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = String.join("\n",
            "Usage: trailflow-generate --events N --out DIR [options]",
            "",
            "Writes synthetic CloudTrail log and digest files in the S3 layout",
            "(AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/...). The same options give the same bytes.",
            "",
            "  --events N              events in all log files together (required)",
            "  --out DIR               output directory (required)",
            "  --seed S                random seed (default 42)",
            "  --start INSTANT         earliest event time, e.g. 2024-09-27T00:00:00Z (the default) or 2024-09-27",
            "  --span DURATION         time range of the events: 24h, 90m, 2d, 1h30m, 45s or ISO PT24H (default 24h)",
            "  --accounts N            AWS accounts, 1 to 1000 (default 3)",
            "  --regions N             regions, 1 to " + GeneratorConfig.REGION_NAMES.size() + " (default 3)",
            "  --principals N          users, roles and services making calls (default 300)",
            "  --events-per-file N     most events in one log file (default 500)",
            "  --late-fraction F       fraction of files delivered 15-25 min after their last event, 0 to 1 (default 0.03)",
            "  --large-events N        events with a ~300 KB requestParameters (default 0)",
            "  --odd-time-fraction F   fraction of events whose eventTime uses another ISO-8601 spelling, 0 to 1 (default 0)",
            "  --insights N            also write N CloudTrail Insights Start/End pairs under CloudTrail-Insight/ (default 0)",
            "  --no-gzip               write .json files instead of .json.gz",
            "  --help                  print this help",
            "");

    private GenerateMain() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Parses, generates and reports; returns the process exit code (0, 1 on I/O failure, 2 on a usage error). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        GeneratorConfig cfg = new GeneratorConfig();
        Path dir = null;
        boolean eventsGiven = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                String value = null;
                int eq = flag.indexOf('=');
                if (flag.startsWith("--") && eq > 0) {
                    value = flag.substring(eq + 1);
                    flag = flag.substring(0, eq);
                }
                switch (flag) {
                    case "--help":
                    case "-h":
                        out.print(USAGE_TEXT);
                        return OK;
                    case "--no-gzip":
                        if (value != null) {
                            throw new UsageException(flag, "takes no value");
                        }
                        cfg.gzip = false;
                        continue;
                    default:
                        break;
                }
                if (!isKnown(flag)) {
                    throw new UsageException(flag, "is not an option; run with --help for the list");
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(flag, "needs a value: " + accepted(flag));
                    }
                    value = args[++i];
                }
                switch (flag) {
                    case "--events":
                        cfg.events = longValue(flag, value, 0, Long.MAX_VALUE);
                        eventsGiven = true;
                        break;
                    case "--out":
                        if (value.isEmpty()) {
                            throw new UsageException(flag, "needs a value: " + accepted(flag));
                        }
                        dir = Paths.get(value);
                        break;
                    case "--seed":
                        cfg.seed = longValue(flag, value, Long.MIN_VALUE, Long.MAX_VALUE);
                        break;
                    case "--start":
                        cfg.start = instantValue(flag, value);
                        break;
                    case "--span":
                        cfg.span = durationValue(flag, value);
                        break;
                    case "--accounts":
                        cfg.accounts = (int) longValue(flag, value, 1, 1000);
                        break;
                    case "--regions":
                        cfg.regions = (int) longValue(flag, value, 1, GeneratorConfig.REGION_NAMES.size());
                        break;
                    case "--principals":
                        cfg.principals = (int) longValue(flag, value, 1, 1_000_000);
                        break;
                    case "--events-per-file":
                        cfg.eventsPerFile = (int) longValue(flag, value, 1, Integer.MAX_VALUE);
                        break;
                    case "--late-fraction":
                        cfg.lateFraction = fractionValue(flag, value);
                        break;
                    case "--large-events":
                        cfg.largeEvents = (int) longValue(flag, value, 0, Integer.MAX_VALUE);
                        break;
                    case "--odd-time-fraction":
                        cfg.oddTimeFraction = fractionValue(flag, value);
                        break;
                    case "--insights":
                        cfg.insightPairs = (int) longValue(flag, value, 0, 1_000_000);
                        break;
                    default:
                        throw new IllegalStateException(flag);
                }
            }
            if (!eventsGiven) {
                throw new UsageException("--events", "is required: " + accepted("--events"));
            }
            if (dir == null) {
                throw new UsageException("--out", "is required: " + accepted("--out"));
            }
            if (cfg.largeEvents > cfg.events) {
                throw new UsageException("--large-events", "must not exceed --events (" + cfg.events + ")");
            }
            try {
                cfg.validate();
            } catch (IllegalArgumentException e) {
                // The message starts "<field> = <value> is invalid: ..."; say it with the flag's name.
                String field = e.getMessage().substring(0, e.getMessage().indexOf(' '));
                throw new UsageException(flagOf(field), e.getMessage().substring(field.length() + 3));
            }
        } catch (UsageException e) {
            err.println("trailflow-generate: " + e.getMessage());
            err.println("Run with --help for usage.");
            return USAGE;
        }

        long began = System.nanoTime();
        GenerationSummary s;
        try {
            s = new CloudTrailGenerator().generate(cfg, dir);
        } catch (IOException e) {
            err.println("trailflow-generate: cannot write to " + dir + ": " + e);
            return FAILED;
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        out.printf(Locale.ROOT, "wrote %d files (%d log, %d digest) with %d events, %.1f MB uncompressed, in %.1f s (%.0f events/s)%n",
                s.filesWritten(), s.logFiles(), s.digestFiles(), s.events(), s.uncompressedBytes() / 1e6, seconds,
                s.events() / Math.max(seconds, 1e-9));
        if (s.insightEvents() > 0) {
            out.println("insights " + s.insightEvents() + " events (Start and End pairs) under CloudTrail-Insight/");
        }
        out.println("eventTime " + (s.events() == 0 ? "none" : s.firstEventTime() + " .. " + s.lastEventTime()));
        out.println("out " + dir.toAbsolutePath());
        return OK;
    }

    /** {@code eventsPerFile} is {@code --events-per-file}. */
    private static String flagOf(String field) {
        return "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static boolean isKnown(String flag) {
        switch (flag) {
            case "--events":
            case "--out":
            case "--seed":
            case "--start":
            case "--span":
            case "--accounts":
            case "--regions":
            case "--principals":
            case "--events-per-file":
            case "--late-fraction":
            case "--large-events":
            case "--odd-time-fraction":
            case "--insights":
                return true;
            default:
                return false;
        }
    }

    private static String accepted(String flag) {
        switch (flag) {
            case "--out":
                return "a directory";
            case "--seed":
                return "an integer";
            case "--start":
                return "an instant such as 2024-09-27T00:00:00Z, or a date such as 2024-09-27";
            case "--span":
                return "a duration such as 24h, 90m, 2d, 1h30m, 45s or PT24H";
            case "--late-fraction":
            case "--odd-time-fraction":
                return "a number from 0 to 1";
            case "--accounts":
                return "an integer from 1 to 1000";
            case "--regions":
                return "an integer from 1 to " + GeneratorConfig.REGION_NAMES.size();
            case "--principals":
                return "an integer from 1 to 1000000";
            case "--events-per-file":
                return "an integer >= 1";
            default:
                return "an integer >= 0";
        }
    }

    private static long longValue(String flag, String value, long min, long max) throws UsageException {
        long v;
        try {
            v = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(flag, "'" + value + "' is not " + accepted(flag));
        }
        if (v < min || v > max) {
            throw new UsageException(flag, "'" + value + "' is out of range: expected " + accepted(flag));
        }
        return v;
    }

    private static double fractionValue(String flag, String value) throws UsageException {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag, "'" + value + "' is not " + accepted(flag));
        }
        if (!(v >= 0 && v <= 1)) {
            throw new UsageException(flag, "'" + value + "' is out of range: expected " + accepted(flag));
        }
        return v;
    }

    private static Instant instantValue(String flag, String value) throws UsageException {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new UsageException(flag, "'" + value + "' is not " + accepted(flag));
            }
        }
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)([dhms])");

    static Duration durationValue(String flag, String value) throws UsageException {
        Duration d = null;
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            try {
                d = Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                d = null;
            }
        } else if (!v.isEmpty()) {
            Matcher m = DURATION_PART.matcher(v);
            int at = 0;
            d = Duration.ZERO;
            while (m.find() && m.start() == at) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "d":
                        d = d.plusDays(n);
                        break;
                    case "h":
                        d = d.plusHours(n);
                        break;
                    case "m":
                        d = d.plusMinutes(n);
                        break;
                    default:
                        d = d.plusSeconds(n);
                        break;
                }
                at = m.end();
            }
            if (at != v.length()) {
                d = null;
            }
        }
        if (d == null) {
            throw new UsageException(flag, "'" + value + "' is not " + accepted(flag));
        }
        if (d.getSeconds() < 1) {
            throw new UsageException(flag, "'" + value + "' is too short: expected at least 1 second");
        }
        return d;
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String flag, String problem) {
            super(flag + " " + problem);
        }
    }
}
