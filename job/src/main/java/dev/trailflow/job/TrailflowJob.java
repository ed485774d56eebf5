package dev.trailflow.job;

import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.options.PropertySources;
import dev.trailflow.job.options.TrailflowOptions;
import dev.trailflow.job.records.Rollup;
import dev.trailflow.job.sinks.DeadLetterEmitter;
import dev.trailflow.job.sinks.IndexTemplates;
import dev.trailflow.job.sinks.OpenSearchAccessException;
import dev.trailflow.job.sinks.OpenSearchClients;
import dev.trailflow.job.sinks.OpenSearchSink;
import dev.trailflow.job.sinks.RawRecordEmitter;
import dev.trailflow.job.sinks.RollupEmitter;
import dev.trailflow.job.sources.FileSources;
import dev.trailflow.job.sources.KinesisSources;
import dev.trailflow.job.sources.sqs.SqsNotificationSource;
import dev.trailflow.job.sources.sqs.SqsSettings;
import dev.trailflow.job.records.SourceRecord;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployable job: options → source → workflow → OpenSearch sinks (SPEC §1). Runs on Managed
 * Flink, under the Kubernetes operator, or embedded (bin/trailflow-local).
 */
public final class TrailflowJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrailflowJob.class);

    private TrailflowJob() {}

    public static void main(String[] args) throws Exception {
        JobSettings settings;
        try {
            settings = PropertySources.settings(args);
        } catch (IllegalArgumentException e) {
            System.err.println("trailflow: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(runtimeConfig(settings));
        try {
            run(env, settings);
        } catch (Exception e) {
            exitIfAccessFailed("trailflow", e);
            throw e;
        }
    }

    /**
     * Credentials, a permission, TLS, an unreachable server: one line that says what to fix, not a
     * stack trace, and exit status 1.
     */
    public static void exitIfAccessFailed(String command, Exception e) {
        Optional<OpenSearchAccessException> access = OpenSearchAccessException.in(e);
        if (access.isPresent()) {
            System.err.println(command + ": " + access.get().getMessage());
            System.exit(1);
        }
    }

    public static JobExecutionResult run(StreamExecutionEnvironment env, JobSettings settings) throws Exception {
        prepare(env, settings, openSearch(settings));
        return env.execute(name(settings));
    }

    /** Everything but the execution: options applied, templates installed, the pipeline built. */
    public static void prepare(StreamExecutionEnvironment env, JobSettings settings, Workflow.Sinks sinks)
            throws Exception {
        LOG.info("trailflow starting with {}", settings);
        configure(env, settings);
        OpenSearchClients.check(settings);
        if (settings.installTemplates) {
            IndexTemplates.install(settings);
        }
        build(env, settings, source(env, settings), sinks);
    }

    public static String name(JobSettings settings) {
        return "trailflow " + (settings.bounded() ? "backfill" : "stream");
    }

    /** Restarts with backoff and without limit: an OpenSearch outage must delay the job, not end it. */
    public static Configuration runtimeConfig(JobSettings settings) {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, java.time.Duration.ofSeconds(1));
        c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, java.time.Duration.ofMinutes(1));
        return c;
    }

    public static void configure(StreamExecutionEnvironment env, JobSettings settings) {
        env.configure(runtimeConfig(settings));
        // No operator keeps or changes a record it was given, so chained operators may share one
        // object instead of each getting a serializer's deep copy of every event.
        env.getConfig().enableObjectReuse();
        if (settings.parallelism != null) {
            env.setParallelism(settings.parallelism);
        }
        if (settings.batch()) {
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        } else {
            env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
            env.enableCheckpointing(settings.checkpointInterval.toMillis());
            // While OpenSearch is away the sinks hold their requests and no checkpoint can complete;
            // a timed-out checkpoint must not turn an outage into a restart that re-reads the input.
            env.getCheckpointConfig().setCheckpointTimeout(settings.checkpointTimeout.toMillis());
            env.getCheckpointConfig().setTolerableCheckpointFailureNumber(settings.checkpointTolerableFailures);
        }
    }

    public static DataStream<SourceRecord> source(StreamExecutionEnvironment env, JobSettings settings) {
        if (settings.sourceType == TrailflowOptions.SourceType.kinesis) {
            return KinesisSources.create(env, settings);
        }
        if (settings.sqsQueueUrl != null) {
            return env.fromSource(new SqsNotificationSource(SqsSettings.of(settings)),
                            FileSources.watermarks(settings.watermarkDelay, settings.idleTimeout), "cloudtrail-sqs")
                    .uid("cloudtrail-sqs");
        }
        return env.fromSource(FileSources.create(settings),
                        FileSources.watermarks(settings.watermarkDelay, settings.bounded() ? null : settings.idleTimeout),
                        "cloudtrail-files")
                .uid("cloudtrail-files");
    }

    /** The pipeline between a source and sinks; tests call it with their own. */
    public static void build(StreamExecutionEnvironment env, JobSettings settings, DataStream<SourceRecord> source,
            Workflow.Sinks sinks) {
        Workflow.define(source, new Workflow.Windows(settings.windowSize, settings.watermarkDelay, settings.allowedLateness,
                settings.idleTimeout, !settings.batch(), settings.rawEnabled(), settings.insightsEnabled()), sinks);
    }

    public static Workflow.Sinks openSearch(JobSettings settings) {
        return new OpenSearchOutputs(settings);
    }

    /** The production sinks. */
    public static final class OpenSearchOutputs implements Workflow.Sinks {
        private static final long serialVersionUID = 1L;
        private final JobSettings settings;

        public OpenSearchOutputs(JobSettings settings) {
            this.settings = settings;
        }

        @Override
        public void raw(DataStream<CloudTrailRecord> records) {
            records.sinkTo(OpenSearchSink.create(settings, new RawRecordEmitter(settings.rawIndex), "raw"))
                    .name("opensearch-raw").uid("opensearch-raw");
        }

        @Override
        public void insights(DataStream<CloudTrailRecord> insights) {
            // The raw writer, into one index: an Insights document has the raw record's shape and id.
            insights.sinkTo(OpenSearchSink.create(settings, new RawRecordEmitter(settings.insightsIndex), "insights"))
                    .name("opensearch-insights").uid("opensearch-insights");
        }

        @Override
        public void rollups(DataStream<Rollup> rollups) {
            rollups.sinkTo(OpenSearchSink.create(settings, new RollupEmitter(settings.rollupIndex), "rollups"))
                    .name("opensearch-rollups").uid("opensearch-rollups");
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            deadLetters.sinkTo(OpenSearchSink.create(settings, new DeadLetterEmitter(settings.deadLetterIndex), "deadletter"))
                    .name("opensearch-deadletter").uid("opensearch-deadletter");
        }
    }
}
