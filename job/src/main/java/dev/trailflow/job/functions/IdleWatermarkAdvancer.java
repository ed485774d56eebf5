package dev.trailflow.job.functions;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the watermark advance with wall-clock time once its input has been quiet for the idle timeout
 * (SPEC §5), so the last windows of a quiet stream still close.
 *
 * <p>Flink's {@code withIdleness} only marks an input idle, which frees other inputs but does not move
 * time: when every input is quiet, no window ever closes. And the file source keeps a watermark per
 * file, so nothing at the source survives the end of the last file. Hence this operator, right in
 * front of the windows (after the shuffle, so that its newest event is the newest of every source
 * subtask, not of one that happened to read few files): it forwards elements and watermarks, and after {@code idleTimeout} without either it
 * emits its own watermarks, ticking with the clock from where the input's time stood: the larger of
 * its last watermark and its newest event less the watermark delay (the source's own watermark can lag
 * far behind, held back by a late file read at the same time). Once its whole input has gone idle,
 * events alone give it a time: a file source whose small files are each read between two of its
 * periodic watermarks sends none at all. While input is still coming, an instance that has seen no
 * watermark waits for one (a Kinesis shard behind the others must not be overtaken); one that has
 * seen neither watermark nor event stays idle and holds nobody back.
 *
 * <p>Where the input's time stood is kept in checkpoints: after a restore, a subtask whose files were
 * all read before the checkpoint would otherwise start again from the few events replayed to it, and
 * the last windows would wait minutes of wall-clock time to close.
 */
public class IdleWatermarkAdvancer<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(IdleWatermarkAdvancer.class);

    private final long idleTimeoutMillis;
    private final long delayMillis;
    private final long tickMillis;
    private transient long newestEvent;

    private transient long lastActivity;
    /** The input's own watermark when it went quiet. */
    private transient long base;
    /** What this operator has emitted; watermarks only go up. */
    private transient long emitted;
    private transient boolean forwardedIdle;
    /** (subtask, parallelism, time floor) of every subtask, so a rescaled job can stay conservative. */
    private transient ListState<Tuple3<Integer, Integer, Long>> floors;
    private transient long restoredFloor;

    public IdleWatermarkAdvancer(long idleTimeoutMillis, long delayMillis) {
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.delayMillis = delayMillis;
        this.tickMillis = Math.max(10, Math.min(1000, idleTimeoutMillis / 4));
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        floors = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("time-floor", Types.TUPLE(Types.INT, Types.INT, Types.LONG)));
        restoredFloor = Long.MIN_VALUE;
        if (context.isRestored()) {
            restoredFloor = restore(floors.get(), getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                    getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        }
    }

    /**
     * This subtask's own floor when the parallelism is unchanged; after rescaling the lowest of all,
     * since its input may now include what was any old subtask's.
     */
    static long restore(Iterable<Tuple3<Integer, Integer, Long>> stored, int subtask, int parallelism) {
        long own = Long.MIN_VALUE;
        long lowest = Long.MAX_VALUE;
        boolean sameParallelism = true;
        boolean any = false;
        for (Tuple3<Integer, Integer, Long> f : stored) {
            any = true;
            sameParallelism &= f.f1 == parallelism;
            lowest = Math.min(lowest, f.f2);
            if (f.f0 == subtask) {
                own = f.f2;
            }
        }
        if (!any) {
            return Long.MIN_VALUE;
        }
        return sameParallelism ? own : lowest;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        floors.update(List.of(Tuple3.of(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks(), floor())));
    }

    /** Where the input's time stands: its watermark, or its newest event less the delay if later. */
    private long inputTime() {
        return newestEvent == Long.MIN_VALUE ? base : Math.max(base, newestEvent - delayMillis - 1);
    }

    /** Where idle advance would start from after a restore. */
    private long floor() {
        return Math.max(inputTime(), emitted);
    }

    @Override
    public void open() throws Exception {
        super.open();
        lastActivity = now();
        base = restoredFloor;
        emitted = Long.MIN_VALUE;
        newestEvent = Long.MIN_VALUE;
        getProcessingTimeService().registerTimer(now() + tickMillis, this);
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        lastActivity = now();
        if (element.hasTimestamp() && element.getTimestamp() != Long.MIN_VALUE) {
            newestEvent = Math.max(newestEvent, element.getTimestamp());
        }
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        if (mark.getTimestamp() > base) {
            base = mark.getTimestamp();
            lastActivity = now();
        }
        if (mark.getTimestamp() > emitted) {
            emitted = mark.getTimestamp();
            output.emitWatermark(mark);
        }
    }

    /** Set while the input is idle after events but before any watermark: its events are its time. */
    private transient boolean idleAfterEventsOnly;

    /** Whether the input has a time of its own: a watermark, or events and an idle input since. */
    private boolean hasTime() {
        return base != Long.MIN_VALUE || (idleAfterEventsOnly && newestEvent != Long.MIN_VALUE);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        idleAfterEventsOnly = status.isIdle() && base == Long.MIN_VALUE && newestEvent != Long.MIN_VALUE;
        if (status.isIdle() && hasTime()) {
            LOG.debug("subtask {} input idle, kept active at {}", getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                    inputTime());
            // This input has a time of its own to advance; going idle would let the others ignore it.
            return;
        }
        forwardedIdle = status.isIdle();
        LOG.debug("subtask {} input {}, forwarded", getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), status);
        output.emitWatermarkStatus(status);
    }

    @Override
    public void onProcessingTime(long time) {
        long quiet = now() - lastActivity;
        if (hasTime() && base != Long.MAX_VALUE && quiet >= idleTimeoutMillis) {
            long from = inputTime();
            long target = from + (quiet - idleTimeoutMillis);
            if (target > emitted) {
                if (emitted <= base) {
                    LOG.debug("subtask {} quiet for {} ms, advancing from {}",
                            getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), quiet, from);
                }
                if (forwardedIdle) {
                    forwardedIdle = false;
                    output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
                }
                emitted = target;
                output.emitWatermark(new Watermark(target));
            }
        }
        getProcessingTimeService().registerTimer(now() + tickMillis, this);
    }
}
