package dev.trailflow.job;

import dev.trailflow.job.functions.BuildRollup;
import dev.trailflow.job.functions.CountEvents;
import dev.trailflow.job.functions.CountTooLate;
import dev.trailflow.job.functions.IdleWatermarkAdvancer;
import dev.trailflow.job.functions.InsightAsDeadLetter;
import dev.trailflow.job.functions.PreAggregate;
import dev.trailflow.job.functions.SumCounts;
import dev.trailflow.job.records.GroupCount;
import dev.trailflow.job.functions.RouteDecoded;
import dev.trailflow.job.records.GroupKey;
import dev.trailflow.job.records.Rollup;
import dev.trailflow.job.records.SourceRecord;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The logic of the job, apart from where data comes from and goes to (STYLE: wiring apart from
 * workflow): decoded inputs → events / Insights events / dead letters → raw records, Insights, and
 * epoch-aligned event-time windows → rollups, corrected by late events within the allowed lateness.
 */
public final class Workflow {

    /** Where the four outputs go: OpenSearch in production, collecting sinks in tests. */
    public interface Sinks extends Serializable {
        void raw(DataStream<CloudTrailRecord> records);

        /** CloudTrail Insights events: not API calls, so never in the raw index nor in a rollup. */
        void insights(DataStream<CloudTrailRecord> insights);

        void rollups(DataStream<Rollup> rollups);

        void deadLetters(DataStream<DeadLetter> deadLetters);
    }

    /** Window settings of one run. */
    public static final class Windows implements Serializable {
        private static final long serialVersionUID = 1L;
        final Duration size;
        final Duration allowedLateness;
        final Duration idleTimeout;
        final Duration watermarkDelay;
        final boolean streaming;
        final boolean raw;
        /** False: Insights events go to the dead letters ({@code insight_not_indexed}) instead of their sink. */
        final boolean insights;

        public Windows(Duration size, Duration watermarkDelay, Duration allowedLateness, Duration idleTimeout,
                boolean streaming, boolean raw, boolean insights) {
            this.size = size;
            this.watermarkDelay = watermarkDelay;
            this.allowedLateness = allowedLateness;
            this.idleTimeout = idleTimeout;
            this.streaming = streaming;
            this.raw = raw;
            this.insights = insights;
        }
    }

    /** Group keys of events later than the allowed lateness. */
    static final OutputTag<String> TOO_LATE = new OutputTag<String>("too-late") {};

    private Workflow() {}

    /** @param decoded the source's outcomes, with event timestamps and watermarks already assigned */
    public static void define(DataStream<SourceRecord> decoded, Windows w, Sinks sinks) {
        SingleOutputStreamOperator<CloudTrailRecord> events = decoded
                .process(new RouteDecoded())
                .name("route-decoded")
                .uid("route-decoded");

        if (w.raw) {
            sinks.raw(events);
        }

        SingleOutputStreamOperator<Rollup> rollups = rollups(events, w);
        rollups.getSideOutput(TOO_LATE)
                .flatMap(new CountTooLate())
                .name("count-too-late")
                .uid("count-too-late")
                .sinkTo(new DiscardingSink<>())
                .name("discard-too-late")
                .uid("discard-too-late");

        sinks.rollups(rollups);
        DataStream<CloudTrailRecord> insights = events.getSideOutput(RouteDecoded.INSIGHTS);
        DataStream<DeadLetter> deadLetters = events.getSideOutput(RouteDecoded.DEAD_LETTERS);
        if (w.insights) {
            sinks.insights(insights);
        } else {
            // Without an Insights index they still end somewhere a user sees and can replay from.
            deadLetters = deadLetters.union(insights.map(new InsightAsDeadLetter())
                    .name("insight-as-dead-letter").uid("insight-as-dead-letter"));
        }
        sinks.deadLetters(deadLetters);
    }

    /** Epoch-aligned event-time windows per group, corrected by late events; too-late ones to {@link #TOO_LATE}. */
    static SingleOutputStreamOperator<Rollup> rollups(DataStream<CloudTrailRecord> events, Windows w) {
        // Only the group key travels to the windows: shuffling (and in BATCH mode sorting) whole
        // documents would cost ten times the bytes for a count.
        if (!w.streaming) {
            return groupKeys(events)
                    .transform("pre-aggregate", TypeInformation.of(GroupCount.class),
                            new PreAggregate(w.size.toMillis(), PRE_AGGREGATE_GROUPS))
                    .uid("pre-aggregate")
                    .keyBy(new ByPartialKey())
                    .window(TumblingEventTimeWindows.of(w.size))
                    .aggregate(new SumCounts(), new BuildRollup())
                    .name("rollup-windows")
                    .uid("rollup-windows");
        }
        KeyedStream<String, Tuple2<Long, Long>> keyed = groupKeys(events).keyBy(new ByKey());
        if (w.streaming) {
            // After the shuffle, where the windows' watermark is made: every window subtask sees events
            // from every source subtask, so a source subtask that read little cannot hold time back.
            keyed = DataStreamUtils.reinterpretAsKeyedStream(keyed
                    .transform("idle-watermark-advance", keyed.getType(),
                            new IdleWatermarkAdvancer<>(w.idleTimeout.toMillis(), w.watermarkDelay.toMillis()))
                    .uid("idle-watermark-advance"), new ByKey());
        }
        return keyed
                .window(TumblingEventTimeWindows.of(w.size))
                .allowedLateness(w.allowedLateness)
                .sideOutputLateData(TOO_LATE)
                .aggregate(new CountEvents(), new BuildRollup())
                .name("rollup-windows")
                .uid("rollup-windows");
    }

    static DataStream<String> groupKeys(DataStream<CloudTrailRecord> events) {
        return events.map(new ToGroupKey()).name("group-key").uid("group-key");
    }

    /** Partial counts held before a bounded run's shuffle, per subtask: some 50 MB of keys at most. */
    static final int PRE_AGGREGATE_GROUPS = 100_000;

    /** The same grouping for partial counts. */
    public static final class ByPartialKey implements KeySelector<GroupCount, Tuple2<Long, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, Long> getKey(GroupCount partial) {
            return GroupKey.hash(partial.key);
        }
    }

    /** The ten dimensions as one key; the event's timestamp stays on the record for the window. */
    public static final class ToGroupKey implements MapFunction<CloudTrailRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String map(CloudTrailRecord r) {
            return GroupKey.of(r);
        }
    }

    /** Groups by the ten dimensions (a 128-bit hash of them: fixed length sorts fast); the window adds the time. */
    public static final class ByKey implements KeySelector<String, Tuple2<Long, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, Long> getKey(String groupKey) {
            return GroupKey.hash(groupKey);
        }
    }
}
