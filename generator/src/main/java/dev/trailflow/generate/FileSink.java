package dev.trailflow.generate;

import java.io.IOException;
import java.time.Instant;

/**
 * Receives each generated file. Files arrive in event-time order slice by slice, not in delivery
 * order, and each array is handed over to the sink (the generator keeps no reference to it).
 */
@FunctionalInterface
public interface FileSink {

    /**
     * @param key              the S3 key, e.g. {@code AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<name>.json.gz};
     *                         ends in {@code .json} when gzip is off
     * @param delivered        when CloudTrail would have put the object (its last-modified time)
     * @param uncompressedJson the file's JSON; compressing it is the sink's business
     */
    void accept(String key, Instant delivered, byte[] uncompressedJson) throws IOException;
}
