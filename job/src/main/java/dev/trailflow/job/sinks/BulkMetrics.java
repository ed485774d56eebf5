package dev.trailflow.job.sinks;

import dev.trailflow.udfs.decode.Reason;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The write path's metrics (SPEC §8), under {@code trailflow.opensearch}: documents and bytes sent,
 * requests in flight, bulk latency, retries by status, superseded rollups; and the dead letters of
 * refused documents under {@code trailflow.deadLetters.opensearch_rejected}. Updated from the HTTP
 * client's threads, hence the thread-safe counters.
 */
final class BulkMetrics {

    private final MetricGroup group;
    private final MetricGroup retriesByStatus;
    private final Counter documents;
    private final Counter bytes;
    private final Counter requests;
    private final Counter retries;
    private final Counter superseded;
    private final Counter refused;
    private final Histogram latency;
    private final Map<String, Counter> byStatus = new ConcurrentHashMap<>();

    BulkMetrics(MetricGroup metrics, IntSupplier inFlight) {
        MetricGroup trailflow = metrics.addGroup("trailflow");
        group = trailflow.addGroup("opensearch");
        documents = group.counter("documentsSent", new ThreadSafeSimpleCounter());
        bytes = group.counter("bytesSent", new ThreadSafeSimpleCounter());
        requests = group.counter("bulkRequests", new ThreadSafeSimpleCounter());
        retries = group.counter("retries", new ThreadSafeSimpleCounter());
        superseded = group.counter("superseded", new ThreadSafeSimpleCounter());
        retriesByStatus = group.addGroup("retriesByStatus");
        group.gauge("requestsInFlight", (Gauge<Integer>) inFlight::getAsInt);
        latency = group.histogram("bulkLatencyMillis", new SynchronizedHistogram(new DescriptiveStatisticsHistogram(1000)));
        refused = trailflow.addGroup("deadLetters", Reason.OPENSEARCH_REJECTED.code())
                .counter("count", new ThreadSafeSimpleCounter());
    }

    void sent(int documentCount, long byteCount) {
        requests.inc();
        documents.inc(documentCount);
        bytes.inc(byteCount);
    }

    void latency(long millis) {
        latency.update(millis);
    }

    /** @param status an HTTP status, or {@code io} for a request that got no answer */
    void retry(String status) {
        retries.inc();
        byStatus.computeIfAbsent(status, s -> retriesByStatus.counter(s, new ThreadSafeSimpleCounter())).inc();
    }

    void superseded() {
        superseded.inc();
    }

    void refused(int count) {
        refused.inc(count);
    }

    /** Flink's statistics histogram is not meant for several writers. */
    private static final class SynchronizedHistogram implements Histogram {
        private final Histogram inner;

        SynchronizedHistogram(Histogram inner) {
            this.inner = inner;
        }

        @Override
        public synchronized void update(long value) {
            inner.update(value);
        }

        @Override
        public synchronized long getCount() {
            return inner.getCount();
        }

        @Override
        public synchronized org.apache.flink.metrics.HistogramStatistics getStatistics() {
            return inner.getStatistics();
        }
    }
}
