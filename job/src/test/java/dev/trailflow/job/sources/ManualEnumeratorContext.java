package dev.trailflow.job.sources;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * An enumerator context run by hand, for the discovery's tests and benchmark: {@link #poll()} runs the
 * listing the enumerator asked for and hands it the result on the calling thread.
 */
public final class ManualEnumeratorContext implements SplitEnumeratorContext<FileSourceSplit> {
    public final Map<Integer, ReaderInfo> readers = new HashMap<>();
    public final Map<Integer, List<FileSourceSplit>> assigned = new HashMap<>();
    public final AtomicInteger noMore = new AtomicInteger();
    private final int parallelism;
    private Callable<Object> call;
    private BiConsumer<Object, Throwable> handler;
    private boolean periodic;

    public ManualEnumeratorContext(int parallelism) {
        this.parallelism = parallelism;
    }

    public boolean hasCall() {
        return call != null;
    }

    /** Runs the listing asked for: a one-off call is then gone, a periodic one stays. */
    public void poll() throws Exception {
        Callable<Object> c = call;
        BiConsumer<Object, Throwable> h = handler;
        if (!periodic) {
            call = null;
        }
        Object result = null;
        Throwable error = null;
        try {
            result = c.call();
        } catch (Exception ex) {
            error = ex;
        }
        h.accept(result, error);
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
        return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

    @Override
    public int currentParallelism() {
        return parallelism;
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
        return readers;
    }

    @Override
    public void assignSplits(SplitsAssignment<FileSourceSplit> assignment) {
        assignment.assignment().forEach((k, v) -> assigned.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
        noMore.incrementAndGet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> h) {
        if (call != null && !periodic) {
            throw new IllegalStateException("one listing at a time");
        }
        call = (Callable<Object>) callable;
        handler = (BiConsumer<Object, Throwable>) h;
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> h, long initialDelay, long period) {
        callAsync(callable, h);
        periodic = true;
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
        runnable.run();
    }
}
