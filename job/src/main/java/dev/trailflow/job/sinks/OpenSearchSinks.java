package dev.trailflow.job.sinks;

import dev.trailflow.job.options.JobSettings;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.opensearch.sink.FlushBackoffType;
import org.apache.flink.connector.opensearch.sink.Opensearch2Sink;
import org.apache.flink.connector.opensearch.sink.Opensearch2SinkBuilder;
import org.apache.flink.connector.opensearch.sink.OpensearchEmitter;

/** Builds the three OpenSearch sinks from the options: same connection, bulk and failure settings. */
public final class OpenSearchSinks {

    private OpenSearchSinks() {}

    public static <T> Opensearch2Sink<T> create(JobSettings settings, OpensearchEmitter<? super T> emitter) {
        Opensearch2SinkBuilder<T> b = new Opensearch2SinkBuilder<T>()
                .setHosts(OpenSearchClients.hosts(settings))
                .setEmitter(emitter)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setBulkFlushMaxActions(settings.bulkMaxActions)
                .setBulkFlushMaxSizeMb((int) settings.bulkMaxSize.getMebiBytes())
                .setBulkFlushInterval(settings.bulkInterval.toMillis())
                .setBulkFlushBackoffStrategy(FlushBackoffType.EXPONENTIAL, settings.bulkRetries, 200)
                .setBulkResponseInspectorFactory(RejectedToDeadLetters.factory(settings))
                .setRestClientFactory(new OpenSearchClients.Factory(settings));
        return b.build();
    }
}
