package dev.trailflow.job.functions;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Lets the watermark advance with wall-clock time once its input has been quiet for the idle timeout
 * (SPEC §5), so the last windows of a quiet stream still close.
 *
 * <p>Flink's {@code withIdleness} only marks an input idle, which frees other inputs but does not move
 * time: when every input is quiet, no window ever closes. And the file source keeps a watermark per
 * file, so nothing at the source survives the end of the last file. Hence this operator, right after
 * the source: it forwards elements and watermarks, and after {@code idleTimeout} without either it
 * emits its own watermarks, ticking with the clock from where the input's time stood: the larger of
 * its last watermark and its newest event less the watermark delay (the source's own watermark can lag
 * far behind, held back by a late file read at the same time). An instance that never saw a
 * watermark stays idle and holds nobody back.
 */
public class IdleWatermarkAdvancer<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

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

    public IdleWatermarkAdvancer(long idleTimeoutMillis, long delayMillis) {
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.delayMillis = delayMillis;
        this.tickMillis = Math.max(10, Math.min(1000, idleTimeoutMillis / 4));
    }

    @Override
    public void open() throws Exception {
        super.open();
        lastActivity = now();
        base = Long.MIN_VALUE;
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

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        if (status.isIdle() && base != Long.MIN_VALUE) {
            // This input has a time of its own to advance; going idle would let the others ignore it.
            return;
        }
        forwardedIdle = status.isIdle();
        output.emitWatermarkStatus(status);
    }

    @Override
    public void onProcessingTime(long time) {
        long quiet = now() - lastActivity;
        if (base != Long.MIN_VALUE && base != Long.MAX_VALUE && quiet >= idleTimeoutMillis) {
            long from = newestEvent == Long.MIN_VALUE ? base : Math.max(base, newestEvent - delayMillis - 1);
            long target = from + (quiet - idleTimeoutMillis);
            if (target > emitted) {
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
