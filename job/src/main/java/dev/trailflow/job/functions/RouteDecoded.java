package dev.trailflow.job.functions;

import dev.trailflow.job.records.SourceRecord;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.decode.Reason;
import dev.trailflow.udfs.decode.SkipKind;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends events on, Insights events and dead letters to side outputs, and counts skips: the one place
 * every decoding outcome is routed and counted (SPEC §8: events in, Insights, dead letters by reason,
 * skips by kind).
 */
public class RouteDecoded extends ProcessFunction<SourceRecord, CloudTrailRecord> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<DeadLetter>("dead-letters") {};
    public static final OutputTag<CloudTrailRecord> INSIGHTS = new OutputTag<CloudTrailRecord>("insights") {};

    private transient Counter eventsIn;
    private transient Counter insightsIn;
    private transient Map<String, Counter> deadLettersByReason;
    private transient Map<String, Counter> skipsByKind;
    private transient MetricGroup group;
    private transient long events;
    private transient long deadLetters;
    private transient long nextReport;

    /** Long bounded runs say how far they are (SPEC §8), at a steady pace rather than per file. */
    static final long REPORT_EVERY_NANOS = 30_000_000_000L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RouteDecoded.class);

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup().addGroup("trailflow");
        eventsIn = group.counter("eventsIn");
        insightsIn = group.counter("insightsIn");
        deadLettersByReason = new HashMap<>();
        for (Reason r : Reason.values()) {
            deadLettersByReason.put(r.code(), group.addGroup("deadLetters", r.code()).counter("count"));
        }
        nextReport = System.nanoTime() + REPORT_EVERY_NANOS;
        skipsByKind = new HashMap<>();
        for (SkipKind k : SkipKind.values()) {
            skipsByKind.put(k.code(), group.addGroup("skipped", k.code()).counter("count"));
        }
    }

    @Override
    public void processElement(SourceRecord r, Context ctx, Collector<CloudTrailRecord> out) {
        if (((events + deadLetters) & 1023) == 0 && System.nanoTime() > nextReport) {
            nextReport = System.nanoTime() + REPORT_EVERY_NANOS;
            LOG.info("subtask {}: {} events and {} dead letters decoded so far",
                    getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), events, deadLetters);
        }
        if (r.event != null) {
            events++;
            eventsIn.inc();
            out.collect(r.event);
        } else if (r.insight != null) {
            insightsIn.inc();
            ctx.output(INSIGHTS, r.insight);
        } else if (r.deadLetter != null) {
            deadLetters++;
            deadLettersByReason.computeIfAbsent(r.deadLetter.reason,
                    code -> group.addGroup("deadLetters", code).counter("count")).inc();
            ctx.output(DEAD_LETTERS, r.deadLetter);
        } else {
            skipsByKind.computeIfAbsent(r.skip, code -> group.addGroup("skipped", code).counter("count")).inc();
        }
    }

}
