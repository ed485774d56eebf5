package dev.trailflow.job.it;

import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.Workflow;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.records.Rollup;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A task failure mid-run: throws once, on the first record after a completed checkpoint, in subtask 0
 * or in whichever subtask gets one first; a marker file remembers that it did, across the restart. Each completed
 * checkpoint leaves a file beside the marker ({@link #checkpointsDone}), so that a test can hold its
 * input back until one has completed instead of hoping that one will.
 */
public final class FailOnce extends RichMapFunction<CloudTrailRecord, CloudTrailRecord>
        implements CheckpointListener, org.apache.flink.streaming.api.checkpoint.CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private final String marker;
    /** False: only subtask 0 fails, as the Kinesis test was built around. */
    private final boolean anySubtask;
    private transient boolean checkpointed;
    /** A checkpoint arms the failure only if this subtask had seen this many records when it was taken. */
    private final long minRecords;
    private transient long mine;
    private transient java.util.Map<Long, Long> mineAt;
    /** Records seen by every instance in this JVM (the MiniCluster's), and how many when the failure came. */
    static final java.util.concurrent.atomic.AtomicLong RECORDS = new java.util.concurrent.atomic.AtomicLong();
    static volatile long recordsAtFailure = -1;

    FailOnce(String marker, boolean anySubtask, long minRecords) {
        this.marker = marker;
        this.anySubtask = anySubtask;
        this.minRecords = minRecords;
    }

    @Override
    public void open(OpenContext openContext) {
        checkpointed = false;
        mine = 0;
        mineAt = new java.util.concurrent.ConcurrentHashMap<>();
    }

    @Override
    public void snapshotState(org.apache.flink.runtime.state.FunctionSnapshotContext context) {
        mineAt.put(context.getCheckpointId(), mine);
    }

    @Override
    public void initializeState(org.apache.flink.runtime.state.FunctionInitializationContext context) {
        // nothing kept: the marker file says whether the failure came
    }

    @Override
    public CloudTrailRecord map(CloudTrailRecord r) throws Exception {
        long seen = RECORDS.incrementAndGet();
        mine++;
        if (checkpointed && (anySubtask || getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0)) {
            Path m = Paths.get(marker);
            if (!Files.exists(m)) {
                try {
                    Files.createFile(m);
                } catch (FileAlreadyExistsException otherSubtask) {
                    return r;
                }
                recordsAtFailure = seen;
                throw new IllegalStateException("injected task failure");
            }
        }
        return r;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws IOException {
        Long at = mineAt.remove(checkpointId);
        checkpointed |= at != null && at >= minRecords;
        try {
            Files.createFile(Paths.get(marker + ".checkpoint-" + checkpointId));
        } catch (FileAlreadyExistsException otherSubtask) {
            // one file per checkpoint is enough
        }
    }

    /** How many checkpoints have completed in the job with this marker. */
    static long checkpointsDone(Path marker) throws IOException {
        try (Stream<Path> files = Files.list(marker.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(marker.getFileName() + ".checkpoint-")).count();
        }
    }

    /** The production sinks, with the failure injected in front of the raw one. */
    static final class Sinks implements Workflow.Sinks {
        private static final long serialVersionUID = 1L;
        private final TrailflowJob.OpenSearchOutputs real;
        private final String marker;
        private final boolean anySubtask;
        private final long minRecords;

        Sinks(JobSettings settings, String marker) {
            this(settings, marker, false, 0);
        }

        Sinks(JobSettings settings, String marker, boolean anySubtask, long minRecords) {
            this.real = new TrailflowJob.OpenSearchOutputs(settings);
            this.marker = marker;
            this.anySubtask = anySubtask;
            this.minRecords = minRecords;
        }

        @Override
        public void raw(DataStream<CloudTrailRecord> records) {
            real.raw(records.map(new FailOnce(marker, anySubtask, minRecords)).name("fail-once").uid("fail-once"));
        }

        @Override
        public void rollups(DataStream<Rollup> rollups) {
            real.rollups(rollups);
        }

        @Override
        public void insights(DataStream<CloudTrailRecord> insights) {
            real.insights(insights);
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            real.deadLetters(deadLetters);
        }
    }
}
