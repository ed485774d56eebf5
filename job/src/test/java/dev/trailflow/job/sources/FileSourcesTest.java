package dev.trailflow.job.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.records.SourceRecord;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

/** How many files a starting reader asks for: several in a bounded run, one at a time when following a bucket. */
class FileSourcesTest {

    /** Counts the split requests the reader sends to the enumerator. */
    static final class Context implements SourceReaderContext {
        int requests;

        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public void sendSplitRequest() {
            requests++;
        }

        @Override
        public void sendSourceEventToCoordinator(SourceEvent event) {}

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }

    private static int requestsAtStart(String... args) throws Exception {
        Source<SourceRecord, FileSourceSplit, ?> source = FileSources.create(JobSettings.fromArgs(args));
        Context context = new Context();
        try (SourceReader<SourceRecord, FileSourceSplit> reader = source.createReader(context)) {
            reader.start();
        }
        return context.requests;
    }

    /** The filter the listing, the SQS source and every other way to a file share. */
    @Test
    void insightsFilesAreReadAndDigestsNever() {
        org.junit.jupiter.api.Assertions.assertTrue(FileSources.accept(new org.apache.flink.core.fs.Path(
                "s3://b/AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/09/27/"
                        + "111122223333_CloudTrail-Insight_us-east-1_20240927T0105Z_abc.json.gz")));
        org.junit.jupiter.api.Assertions.assertFalse(FileSources.accept(new org.apache.flink.core.fs.Path(
                "s3://b/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/09/27/x.json.gz")));
    }

    @Test
    void aBoundedRunAsksForSeveralFilesAtOnce() throws Exception {
        assertEquals(FileSources.FILES_AHEAD, requestsAtStart("--source.paths", "/tmp/trail"));
    }

    @Test
    void aContinuousRunTakesFilesOneAtATimeInDeliveryOrder() throws Exception {
        assertEquals(1, requestsAtStart("--source.paths", "/tmp/trail", "--source.monitor-interval", "30 s"));
    }
}
