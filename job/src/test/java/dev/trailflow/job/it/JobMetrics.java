package dev.trailflow.job.it;

import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Counters a MiniCluster's in-memory reporter holds, summed over a job's subtasks. */
final class JobMetrics {

    private JobMetrics() {}

    /** The sum of a counter over every subtask of this job (other jobs of the cluster share its names). */
    static long counted(InMemoryReporter metrics, JobID job, String suffix) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : metrics.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(g.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> m : g.getValue().entrySet()) {
                if (g.getKey().getMetricIdentifier(m.getKey()).endsWith(suffix) && m.getValue() instanceof Counter) {
                    sum += ((Counter) m.getValue()).getCount();
                }
            }
        }
        return sum;
    }
}
