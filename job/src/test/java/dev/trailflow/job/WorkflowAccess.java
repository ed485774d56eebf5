package dev.trailflow.job;

import dev.trailflow.job.records.Rollup;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** Test access to the operators the workflow builds, so harness tests drive the real configuration. */
public final class WorkflowAccess {

    private WorkflowAccess() {}

    public static KeyedOneInputStreamOperatorTestHarness<String, CloudTrailRecord, Rollup> rollupHarness(
            Workflow.Windows w) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<CloudTrailRecord> events = env.fromData(new CloudTrailRecord()).returns(CloudTrailRecord.class);
        @SuppressWarnings("unchecked")
        OneInputTransformation<CloudTrailRecord, Rollup> t =
                (OneInputTransformation<CloudTrailRecord, Rollup>) Workflow.rollups(events, w).getTransformation();
        OneInputStreamOperator<CloudTrailRecord, Rollup> operator = t.getOperator();
        return new KeyedOneInputStreamOperatorTestHarness<>(operator, new Workflow.ByGroup(), Types.STRING);
    }

    public static OutputTag<CloudTrailRecord> tooLate() {
        return Workflow.TOO_LATE;
    }
}
