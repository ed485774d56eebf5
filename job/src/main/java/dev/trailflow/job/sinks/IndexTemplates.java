package dev.trailflow.job.sinks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.udfs.flatten.EventFlattener;
import dev.trailflow.udfs.json.Json;
import java.io.IOException;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Index templates installed at start (SPEC §4), so every index the job writes — including each new
 * daily raw index — gets the right mapping before its first document.
 */
public final class IndexTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);

    /** Payload fields whose type varies from event to event. */
    static final String[] PAYLOAD_FIELDS = {"requestParameters", "responseElements", "additionalEventData",
        "serviceEventDetails"};

    private IndexTemplates() {}

    public static void install(JobSettings settings) throws IOException {
        try (RestClient client = OpenSearchClients.restClient(settings)) {
            if (settings.rawEnabled()) {
                put(settings, client, "trailflow-raw", rawPattern(settings.rawIndex), 100,
                        rawTemplate(settings.refreshInterval));
            }
            put(settings, client, "trailflow-rollups", settings.rollupIndex, 200, rollupTemplate(settings.refreshInterval));
            if (settings.insightsEnabled()) {
                put(settings, client, "trailflow-insights", settings.insightsIndex, 200,
                        insightsTemplate(settings.refreshInterval));
            }
            put(settings, client, "trailflow-deadletter", settings.deadLetterIndex, 200, deadLetterTemplate());
        }
    }

    /** {@code cloudtrail-{yyyy.MM.dd}} → {@code cloudtrail-*}. */
    public static String rawPattern(String rawIndex) {
        return rawIndex.replace(RawRecordEmitter.DAY, "*");
    }

    private static void put(JobSettings settings, RestClient client, String name, String pattern, int priority,
            String template) throws IOException {
        String body = "{\"index_patterns\":[\"" + pattern + "\"],\"priority\":" + priority + ",\"template\":" + template
                + ",\"_meta\":{\"managed_by\":\"trailflow\"}}";
        Request r = new Request("PUT", "/_index_template/" + name + "-" + pattern.replaceAll("[^a-z0-9_.-]", "_"));
        r.setJsonEntity(body);
        try {
            Response resp = client.performRequest(r);
            EntityUtils.consume(resp.getEntity());
            LOG.info("index template for {} installed", pattern);
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            String answer = OpenSearchClients.body(e);
            if (OpenSearchAccessException.isRefusal(status)) {
                throw OpenSearchAccessException.refused(settings, status, answer, "installing the index template for "
                        + pattern, null, "grant it to the user's role (" + OpenSearchAccessException.ROLE_FILE + "), or "
                        + "install the templates once as an administrator and set opensearch.install-templates false");
            }
            throw new IOException("OpenSearch refused the index template for " + pattern + ": " + answer, e);
        }
    }

    /**
     * @param refreshInterval how soon written events are searchable: refreshing less often leaves
     *     OpenSearch more of its CPU for indexing under heavy ingest (measured in the README)
     */
    static String rawTemplate(String refreshInterval) {
        try {
            ObjectNode template = (ObjectNode) Json.MAPPER.readTree(rawTemplateCore(refreshInterval));
            EcosystemFields.addTo((ObjectNode) template.get("mappings").get("properties"));
            return Json.MAPPER.writeValueAsString(template);
        } catch (IOException e) {
            throw new IllegalStateException("the raw template does not parse", e);
        }
    }

    /** The raw records' own mapping, before {@link EcosystemFields}. */
    private static String rawTemplateCore(String refreshInterval) {
        StringBuilder payload = new StringBuilder();
        for (String f : PAYLOAD_FIELDS) {
            payload.append(",\"").append(f).append("\":{\"type\":\"flat_object\"}");
        }
        return "{\"settings\":{\"index.mapping.total_fields.limit\":2000,\"index.refresh_interval\":\"" + refreshInterval
                + "\"},"
                + "\"mappings\":{\"date_detection\":false,\"numeric_detection\":false,"
                + "\"dynamic_templates\":[{\"strings\":{\"match_mapping_type\":\"string\","
                + "\"mapping\":{\"type\":\"keyword\",\"ignore_above\":8191}}}],"
                + "\"properties\":{\"@timestamp\":{\"type\":\"date\"},"
                + "\"eventTime\":{\"type\":\"keyword\"},"
                + "\"" + EventFlattener.OVERFLOW + "\":{\"type\":\"object\",\"enabled\":false},"
                + "\"errorMessage\":{\"type\":\"keyword\",\"ignore_above\":8191,\"fields\":{\"text\":{\"type\":\"text\"}}},"
                + "\"userAgent\":{\"type\":\"keyword\",\"ignore_above\":8191,\"fields\":{\"text\":{\"type\":\"text\"}}}"
                + payload + "}}}";
    }

    /**
     * Insights events (docs/ecosystem.md): what their charts group by is keyword, the statistics are
     * numbers, and the rest of {@code insightDetails} is kept but not indexed, so no shape of it can
     * refuse a document ({@code ignore_malformed} lets a statistic that is no number through too).
     */
    static String insightsTemplate(String refreshInterval) {
        String keyword = "{\"type\":\"keyword\",\"ignore_above\":8191}";
        String number = "{\"type\":\"double\",\"ignore_malformed\":true}";
        String average = "{\"dynamic\":false,\"properties\":{\"average\":" + number + "}}";
        return "{\"settings\":{\"index.refresh_interval\":\"" + refreshInterval + "\"},"
                + "\"mappings\":{\"date_detection\":false,\"numeric_detection\":false,"
                + "\"dynamic_templates\":[{\"strings\":{\"match_mapping_type\":\"string\",\"mapping\":" + keyword + "}}],"
                + "\"properties\":{\"@timestamp\":{\"type\":\"date\"},\"eventTime\":{\"type\":\"keyword\"},"
                + "\"awsRegion\":" + keyword + ",\"recipientAccountId\":" + keyword + ",\"eventType\":" + keyword
                + ",\"sharedEventID\":" + keyword + ",\"eventID\":" + keyword + ",\"eventCategory\":" + keyword
                + ",\"insightDetails\":{\"dynamic\":false,\"properties\":{"
                + "\"state\":" + keyword + ",\"eventSource\":" + keyword + ",\"eventName\":" + keyword
                + ",\"insightType\":" + keyword + ",\"errorCode\":" + keyword
                + ",\"insightContext\":{\"dynamic\":false,\"properties\":{"
                + "\"statistics\":{\"dynamic\":false,\"properties\":{"
                + "\"baseline\":" + average + ",\"insight\":" + average
                + ",\"insightDuration\":" + number + ",\"baselineDuration\":" + number + "}}}}}}}}}";
    }

    static String rollupTemplate(String refreshInterval) {
        String date = "{\"type\":\"date\",\"format\":\"yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ||strict_date_optional_time||epoch_millis\"}";
        return "{\"settings\":{\"index.refresh_interval\":\"" + refreshInterval + "\"},"
                + "\"mappings\":{\"date_detection\":false,"
                + "\"dynamic_templates\":[{\"strings\":{\"match_mapping_type\":\"string\","
                + "\"mapping\":{\"type\":\"keyword\"}}}],"
                + "\"properties\":{\"start_time\":" + date + ",\"end_time\":" + date + ","
                + "\"aws\":{\"properties\":{\"cloudtrail\":{\"properties\":{\"event_count\":{\"type\":\"long\"}}}}}}}}";
    }

    static String deadLetterTemplate() {
        return "{\"mappings\":{\"dynamic\":false,\"properties\":{"
                + "\"@timestamp\":{\"type\":\"date\"},"
                + "\"reason\":{\"properties\":{\"code\":{\"type\":\"keyword\"},\"message\":{\"type\":\"text\"}}},"
                + "\"source\":{\"properties\":{\"uri\":{\"type\":\"keyword\"},\"position\":{\"type\":\"keyword\"}}},"
                + "\"payload\":{\"type\":\"text\"},"
                + "\"payload_truncated\":{\"type\":\"boolean\"}}}}";
    }
}
