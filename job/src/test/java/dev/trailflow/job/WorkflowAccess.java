package dev.trailflow.job;

import dev.trailflow.job.records.Rollup;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** Test access to the operators the workflow builds, so harness tests drive the real configuration. */
public final class WorkflowAccess {

    private WorkflowAccess() {}

    public static KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, String, Rollup> rollupHarness(
            Workflow.Windows w) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<CloudTrailRecord> events = env.fromData(new CloudTrailRecord()).returns(CloudTrailRecord.class);
        @SuppressWarnings("unchecked")
        OneInputTransformation<String, Rollup> t =
                (OneInputTransformation<String, Rollup>) Workflow.rollups(events, w).getTransformation();
        OneInputStreamOperator<String, Rollup> operator = t.getOperator();
        return new KeyedOneInputStreamOperatorTestHarness<>(operator, new Workflow.ByKey(),
                Types.TUPLE(Types.LONG, Types.LONG));
    }

    /** What the harness feeds the window operator: an event's group key. */
    public static String groupKey(CloudTrailRecord r) {
        return new Workflow.ToGroupKey().map(r);
    }

    public static OutputTag<String> tooLate() {
        return Workflow.TOO_LATE;
    }
}
