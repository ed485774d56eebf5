package dev.trailflow.job.sources;

import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.options.TrailflowOptions;
import dev.trailflow.job.records.SourceRecord;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;

/** Builds the file source of SPEC §3/§5 and the watermark strategy that goes with it. */
public final class FileSources {

    private FileSources() {}

    /** Files read ahead by a bounded run's readers: enough to cover a round trip to the enumerator. */
    static final int FILES_AHEAD = 4;

    public static Source<SourceRecord, FileSourceSplit, ?> create(JobSettings settings) {
        Path[] paths = settings.sourcePaths.stream().map(FileSources::toPath).toArray(Path[]::new);
        FileSource<SourceRecord> whole = FileSource
                .forBulkFileFormat(CloudTrailFileFormat.create(settings.rawEnabled()), paths)
                .setFileEnumerator(() -> new TolerantFileEnumerator(FileSources::accept))
                .setSplitAssigner(DeliveryOrderAssigner.provider())
                .build();
        if (settings.monitorInterval == null && settings.sourceStart == null && settings.sourceEnd == null) {
            return new SplitsAhead<>(whole, TypeInformation.of(SourceRecord.class), FILES_AHEAD);
        }
        // Following a bucket, or a range of days: only the folders that can hold them are listed.
        DiscoverySource discovery = new DiscoverySource(whole, new DiscoveryEnumerator.Settings(
                Arrays.stream(paths).map(Path::toString).toArray(String[]::new), settings.monitorInterval,
                settings.sourceStart == null ? null : settings.sourceStart.toEpochMilli(),
                settings.sourceEnd == null ? null : settings.sourceEnd.toEpochMilli(), settings.sourceLookback,
                settings.backfillMode == TrailflowOptions.BackfillMode.checkpointed));
        return settings.monitorInterval == null
                ? new SplitsAhead<>(discovery, TypeInformation.of(SourceRecord.class), FILES_AHEAD) : discovery;
    }

    /**
     * Bounded out-of-orderness over eventTime; an input quiet for the idle timeout stops holding others.
     * A bounded run has no idle timeout ({@code null}): its readers all end with the input, and a reader
     * that waits for its next files (after a restore, behind a day's listing) must keep holding time back,
     * or the other reader's watermark closes the windows of the files it has still to read.
     */
    public static WatermarkStrategy<SourceRecord> watermarks(Duration delay, Duration idleTimeout) {
        WatermarkStrategy<SourceRecord> s = WatermarkStrategy.<SourceRecord>forBoundedOutOfOrderness(delay)
                .withTimestampAssigner((r, previous) -> r.timestamp());
        return idleTimeout == null ? s : s.withIdleness(idleTimeout);
    }

    /** Hidden files and digest keys (SPEC §3) are never opened. */
    public static boolean accept(Path path) {
        String name = path.getName();
        if (name.startsWith(".") || name.startsWith("_")) {
            return false;
        }
        return !path.toUri().getPath().contains("/CloudTrail-Digest/") && !"CloudTrail-Digest".equals(name);
    }

    /** s3://, s3a://, file:// stay as they are; a plain path becomes an absolute file URI. */
    static Path toPath(String location) {
        URI uri = URI.create(location.replace(" ", "%20"));
        if (uri.getScheme() == null || uri.getScheme().length() == 1) {
            return new Path(new File(location).getAbsoluteFile().toURI());
        }
        return new Path(uri);
    }
}
