package dev.trailflow.job.sinks;

import dev.trailflow.job.options.JobSettings;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.decode.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.opensearch.sink.BulkResponseInspector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.action.DocWriteRequest;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to documents OpenSearch did not take (SPEC §4). Refused for what they are (a 4xx other
 * than 429, e.g. a mapping conflict): written to the dead-letter index with the reason, and the job
 * goes on. Anything else (429 after the bulk processor's own backoff, 5xx): the job fails and
 * restarts from its last checkpoint, sending them again; ids are stable, so nothing doubles.
 */
public class RejectedToDeadLetters implements BulkResponseInspector {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedToDeadLetters.class);

    private final JobSettings settings;
    private final Counter rejected;
    private RestClient client;

    public RejectedToDeadLetters(JobSettings settings, MetricGroup metrics) {
        this.settings = settings;
        this.rejected = metrics.addGroup("trailflow").addGroup("deadLetters", Reason.OPENSEARCH_REJECTED.code())
                .counter("count");
    }

    public static BulkResponseInspectorFactory factory(JobSettings settings) {
        return context -> new RejectedToDeadLetters(settings, context.metricGroup());
    }

    @Override
    public void inspect(BulkRequest request, BulkResponse response) {
        if (!response.hasFailures()) {
            return;
        }
        List<DeadLetter> deadLetters = new ArrayList<>();
        BulkItemResponse retryable = null;
        for (BulkItemResponse item : response.getItems()) {
            if (!item.isFailed()) {
                continue;
            }
            int status = item.status().getStatus();
            DocWriteRequest<?> original = request.requests().get(item.getItemId());
            if (isRefusal(status) && !settings.deadLetterIndex.equals(original.index())) {
                deadLetters.add(deadLetter(original, item));
            } else {
                retryable = item;
            }
        }
        if (!deadLetters.isEmpty()) {
            write(deadLetters);
            rejected.inc(deadLetters.size());
        }
        if (retryable != null) {
            throw new FlinkRuntimeException("OpenSearch did not take a document (status " + retryable.status().getStatus()
                    + ": " + retryable.getFailureMessage() + "); failing so that it is sent again from the last "
                    + "checkpoint", retryable.getFailure().getCause());
        }
    }

    /** 4xx but 429: the document itself is wrong, sending it again cannot help. */
    static boolean isRefusal(int status) {
        return status >= 400 && status < 500 && status != 429;
    }

    static DeadLetter deadLetter(DocWriteRequest<?> original, BulkItemResponse item) {
        String payload = original instanceof IndexRequest && ((IndexRequest) original).source() != null
                ? ((IndexRequest) original).source().utf8ToString() : String.valueOf(original);
        return DeadLetter.ofText(Reason.OPENSEARCH_REJECTED,
                "status " + item.status().getStatus() + ": " + item.getFailureMessage(),
                "opensearch:" + original.index(), "_id " + original.id(), payload);
    }

    private void write(List<DeadLetter> deadLetters) {
        try {
            if (client == null) {
                client = OpenSearchClients.restClient(settings);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            long now = System.currentTimeMillis();
            for (DeadLetter d : deadLetters) {
                String action = "{\"index\":{\"_index\":\"" + settings.deadLetterIndex + "\",\"_id\":\""
                        + DeadLetterEmitter.id(d) + "\"}}\n";
                body.write(action.getBytes(StandardCharsets.UTF_8));
                body.write(d.toJson(now));
                body.write('\n');
            }
            Request bulk = new Request("POST", "/_bulk");
            bulk.setEntity(new NByteArrayEntity(body.toByteArray(), ContentType.create("application/x-ndjson")));
            Response r = client.performRequest(bulk);
            String answer = EntityUtils.toString(r.getEntity());
            if (answer.contains("\"errors\":true")) {
                throw new FlinkRuntimeException("OpenSearch refused the dead letters of refused documents: "
                        + answer.substring(0, Math.min(answer.length(), 500)));
            }
            LOG.warn("{} documents refused by OpenSearch written to {}", deadLetters.size(), settings.deadLetterIndex);
        } catch (IOException e) {
            throw new FlinkRuntimeException("could not write dead letters of refused documents", e);
        }
    }
}
