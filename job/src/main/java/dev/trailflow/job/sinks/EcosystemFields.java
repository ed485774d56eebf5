package dev.trailflow.job.sinks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.udfs.flatten.PromotedFields;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the raw index's mapping adds for the OpenSearch ecosystem (docs/ecosystem.md): the names
 * Security Analytics' {@code cloudtrail} detectors query and the names the OpenSearch Dashboards
 * "AWS CloudTrail" integration's visualizations read, as aliases of the fields CloudTrail's own
 * names give, plus the keyword copies of payload subfields ({@link PromotedFields}).
 *
 * <p>An alias must point at a field the mapping already has when the index is created, so every
 * target is mapped here explicitly, as the dynamic mapping would have mapped it (keyword).
 */
public final class EcosystemFields {

    private EcosystemFields() {}

    /**
     * Security Analytics' {@code cloudtrail} log type (its OSMapping file): the name a detector queries
     * → CloudTrail's own field. The payload subfields of that list are copies instead
     * ({@link PromotedFields}), since an alias into a flat_object finds nothing.
     */
    public static final Map<String, String> SECURITY_ANALYTICS_ALIASES = aliases(
            "event_name", "eventName",
            "event_source", "eventSource",
            "event_version", "eventVersion",
            "event_id", "eventID",
            "event_type", "eventType",
            "event_category", "eventCategory",
            "error_message", "errorMessage",
            "error_code", "errorCode",
            "api_version", "apiVersion",
            "aws_region", "awsRegion",
            "request_id", "requestID",
            "source_ip_address", "sourceIPAddress",
            "user_agent", "userAgent",
            "vpc_endpoint_id", "vpcEndpointId",
            "user_identity.type", "userIdentity.type",
            "user_identity.principalId", "userIdentity.principalId",
            "user_identity.arn", "userIdentity.arn",
            "user_identity.accountId", "userIdentity.accountId",
            "user_identity.accessKeyId", "userIdentity.accessKeyId",
            "user_identity.identityProvider", "userIdentity.identityProvider",
            "user_identity.userName", "userIdentity.userName",
            "user_identity.invokedBy", "userIdentity.invokedBy",
            "user_identity.session_context.session_issuer.type", "userIdentity.sessionContext.sessionIssuer.type",
            "user_identity.session_context.session_issuer.arn", "userIdentity.sessionContext.sessionIssuer.arn",
            "user_identity.session_context.attributes.creationDate", "userIdentity.sessionContext.attributes.creationDate",
            "user_identity.session_context.attributes.mfaAuthenticated",
            "userIdentity.sessionContext.attributes.mfaAuthenticated",
            "user_identity.web_id_federation_data.federatedProvider",
            "userIdentity.webIdFederationData.federatedProvider",
            "resources.ARN", "resources.ARN",
            "resources.account_uid", "resources.accountId",
            "resources.type", "resources.type");

    /**
     * The "AWS CloudTrail" integration's raw-index names → ours. Its terms charts ask for
     * {@code .keyword} sub-fields of the identity keys, so those are the alias names.
     */
    public static final Map<String, String> INTEGRATION_ALIASES = aliases(
            "eventVersion", "eventVersion",
            "eventName", "eventName",
            "eventSource", "eventSource",
            "eventType", "eventType",
            "eventCategory", "eventCategory",
            "sourceIPAddress", "sourceIPAddress",
            "apiVersion", "apiVersion",
            "awsRegion", "awsRegion",
            "eventTime", "@timestamp",
            "userIdentity.accountId.keyword", "userIdentity.accountId",
            "userIdentity.sessionContext.sessionIssuer.arn.keyword", "userIdentity.sessionContext.sessionIssuer.arn",
            "userIdentity.sessionContext.sessionIssuer.type.keyword", "userIdentity.sessionContext.sessionIssuer.type",
            "userIdentity.sessionContext.sessionIssuer.userName.keyword",
            "userIdentity.sessionContext.sessionIssuer.userName",
            "userIdentity.sessionContext.sessionIssuer.accountId.keyword",
            "userIdentity.sessionContext.sessionIssuer.accountId");

    private static final String PREFIX = "aws.cloudtrail.";

    private static Map<String, String> aliases(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(PREFIX + pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Adds the alias targets, the aliases and the copies to a mapping's {@code properties}. */
    static void addTo(ObjectNode properties) {
        for (Map<String, String> aliases : java.util.List.of(SECURITY_ANALYTICS_ALIASES, INTEGRATION_ALIASES)) {
            for (Map.Entry<String, String> a : aliases.entrySet()) {
                if (!a.getValue().startsWith("@")) {
                    ObjectNode target = field(properties, a.getValue());
                    if (!target.has("type")) {
                        keyword(target);
                    }
                }
                field(properties, a.getKey()).put("type", "alias").put("path", a.getValue());
            }
        }
        for (String copy : PromotedFields.COPIES.values()) {
            keyword(field(properties, copy));
        }
    }

    private static void keyword(ObjectNode field) {
        field.put("type", "keyword").put("ignore_above", 8191);
    }

    /** The mapping of a dotted path, creating the objects on the way. */
    private static ObjectNode field(ObjectNode properties, String path) {
        String[] steps = path.split("\\.");
        ObjectNode at = properties;
        for (int i = 0; i < steps.length - 1; i++) {
            ObjectNode parent = at.has(steps[i]) ? (ObjectNode) at.get(steps[i]) : at.putObject(steps[i]);
            at = parent.has("properties") ? (ObjectNode) parent.get("properties") : parent.putObject("properties");
        }
        return at.has(steps[steps.length - 1]) ? (ObjectNode) at.get(steps[steps.length - 1])
                : at.putObject(steps[steps.length - 1]);
    }
}
