package dev.trailflow.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@link CloudTrailGenerator} writes. Public fields with defaults that make a one-day sample, plus
 * fluent setters so a test or benchmark can state only what it cares about.
 */
public final class GeneratorConfig {

    /**
     * Regions in the order they are taken: {@code us-east-1} first because CloudTrail records global
     * services (IAM, console sign-in, S3 bucket listing) there, which gives the first region the
     * extra weight it has in real accounts.
     */
    public static final List<String> REGION_NAMES = List.of(
            "us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ap-northeast-1",
            "us-east-2", "ca-central-1", "eu-west-2", "ap-south-1", "sa-east-1", "eu-north-1",
            "ap-southeast-1", "us-west-1", "ap-northeast-2", "eu-west-3");

    /** 9999-12-31T23:59:59Z: file names and event times have four-digit years. */
    private static final long LAST_SECOND = 253_402_300_799L;

    /** Events in all log files together, exactly. */
    public long events = 100_000;
    public long seed = 42;
    /** Event times fall in {@code [start, start + span)}. */
    public Instant start = Instant.parse("2024-09-27T00:00:00Z");
    public Duration span = Duration.ofDays(1);
    public int accounts = 3;
    /** How many of {@link #REGION_NAMES} are used, from the front. */
    public int regions = 3;
    public int principals = 300;
    /**
     * Upper bound of events in one log file. CloudTrail writes a file per account and region about
     * every five minutes, so a file holds one time slice; a busier slice is spread over several files.
     */
    public int eventsPerFile = 500;
    /** Fraction of log files delivered 15-25 minutes after their newest event instead of 5-15. */
    public double lateFraction = 0.03;
    /** Events whose requestParameters is about 300 KB, spread evenly over the span. */
    public int largeEvents = 0;
    /** Fraction of events whose eventTime is written in one of the other spellings CloudTrail consumers meet. */
    public double oddTimeFraction = 0.0;
    public boolean gzip = true;
    /** CloudTrail Insights Start/End pairs written under CloudTrail-Insight/, besides the events. */
    public int insightPairs = 0;

    public GeneratorConfig events(long v) {
        events = v;
        return this;
    }

    public GeneratorConfig seed(long v) {
        seed = v;
        return this;
    }

    public GeneratorConfig start(Instant v) {
        start = v;
        return this;
    }

    public GeneratorConfig span(Duration v) {
        span = v;
        return this;
    }

    public GeneratorConfig accounts(int v) {
        accounts = v;
        return this;
    }

    public GeneratorConfig regions(int v) {
        regions = v;
        return this;
    }

    public GeneratorConfig principals(int v) {
        principals = v;
        return this;
    }

    public GeneratorConfig eventsPerFile(int v) {
        eventsPerFile = v;
        return this;
    }

    public GeneratorConfig lateFraction(double v) {
        lateFraction = v;
        return this;
    }

    public GeneratorConfig largeEvents(int v) {
        largeEvents = v;
        return this;
    }

    public GeneratorConfig oddTimeFraction(double v) {
        oddTimeFraction = v;
        return this;
    }

    public GeneratorConfig insightPairs(int v) {
        insightPairs = v;
        return this;
    }

    public GeneratorConfig gzip(boolean v) {
        gzip = v;
        return this;
    }

    /**
     * Rejects a configuration that cannot be generated, naming the field and what it accepts, so the
     * command line can pass the message on unchanged.
     *
     * @throws IllegalArgumentException on the first invalid field
     */
    public void validate() {
        require(events >= 0, "events", events, "a number >= 0");
        require(start != null, "start", null, "an instant such as 2024-09-27T00:00:00Z");
        require(span != null && span.getSeconds() >= 1, "span", span, "a duration of at least 1 second");
        require(start.getEpochSecond() >= 0 && start.getEpochSecond() < LAST_SECOND, "start", start,
                "an instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
        require(span.getSeconds() < LAST_SECOND - start.getEpochSecond(), "span", span,
                "a duration that ends before the year 10000");
        require(accounts >= 1 && accounts <= 1000, "accounts", accounts, "1 to 1000");
        require(regions >= 1 && regions <= REGION_NAMES.size(), "regions", regions,
                "1 to " + REGION_NAMES.size());
        require(principals >= 1 && principals <= 1_000_000, "principals", principals, "1 to 1000000");
        require(eventsPerFile >= 1, "eventsPerFile", eventsPerFile, "a number >= 1");
        require(lateFraction >= 0 && lateFraction <= 1, "lateFraction", lateFraction, "0.0 to 1.0");
        require(largeEvents >= 0 && largeEvents <= events, "largeEvents", largeEvents,
                "0 to the number of events");
        require(oddTimeFraction >= 0 && oddTimeFraction <= 1, "oddTimeFraction", oddTimeFraction, "0.0 to 1.0");
        require(insightPairs >= 0 && insightPairs <= 1_000_000, "insightPairs", insightPairs, "0 to 1000000");
    }

    private static void require(boolean ok, String field, Object value, String accepted) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + " is invalid: expected " + accepted);
        }
    }

    @Override
    public String toString() {
        return "GeneratorConfig{events=" + events + ", seed=" + seed + ", start=" + start + ", span=" + span
                + ", accounts=" + accounts + ", regions=" + regions + ", principals=" + principals
                + ", eventsPerFile=" + eventsPerFile + ", lateFraction=" + lateFraction
                + ", largeEvents=" + largeEvents + ", oddTimeFraction=" + oddTimeFraction + ", insightPairs=" + insightPairs + ", gzip=" + gzip + "}";
    }
}
