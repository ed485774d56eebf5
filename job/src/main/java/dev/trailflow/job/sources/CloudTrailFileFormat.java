package dev.trailflow.job.sources;

import dev.trailflow.job.records.SourceRecord;
import dev.trailflow.udfs.files.CloudTrailBulkFormat;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** The job's file format: the shared CloudTrail bulk format, one {@link SourceRecord} per outcome. */
public final class CloudTrailFileFormat {

    private CloudTrailFileFormat() {}

    /** @param documents whether events carry their raw document (only when raw records are written) */
    public static CloudTrailBulkFormat<SourceRecord> create(boolean documents) {
        return new CloudTrailBulkFormat<>(SourceRecord::of, TypeInformation.of(SourceRecord.class), documents);
    }
}
