package dev.trailflow.job.sinks;

import dev.trailflow.job.options.JobSettings;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.ExceptionUtils;

/**
 * OpenSearch cannot be used as configured: it refused the credentials or a permission, its
 * certificate is not trusted, or nothing answers. Waiting or restarting cannot help, so the job stops
 * with one line that says what to fix. The message never holds the password, and there is no cause
 * whose text could.
 */
public final class OpenSearchAccessException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Where the permissions the job needs are listed, in the security plugin's REST shape. */
    public static final String ROLE_FILE = "security/trailflow-writer-role.json";

    /** How the security plugin names a missing permission: {@code no permissions for [X] and User [...]}. */
    private static final Pattern NO_PERMISSIONS = Pattern.compile("no permissions for \\[(.*?)] and User");

    public OpenSearchAccessException(String message) {
        super(message);
    }

    public static boolean isRefusal(int status) {
        return status == 401 || status == 403;
    }

    /**
     * A 401 or 403 answer.
     *
     * @param doing what the job was doing, e.g. "writing raw records"
     * @param index the index it was for, or null
     * @param fix what to do about a missing permission; null: grant it as the role file says
     */
    public static OpenSearchAccessException refused(JobSettings settings, int status, String body, String doing,
            String index, String fix) {
        String where = where(settings);
        if (status == 401) {
            return new OpenSearchAccessException(where + " refused the credentials (401) while " + doing
                    + ": check opensearch.username (" + user(settings) + ") and opensearch.password");
        }
        String permission = permission(body);
        if (settings.sigv4Region != null) {
            return new OpenSearchAccessException(where + " refused the SigV4-signed request (403) while " + doing
                    + ": check the AWS credentials the default chain finds, their access to the domain, and "
                    + "opensearch.aws-sigv4-region (" + settings.sigv4Region + ") and -service (" + settings.sigv4Service
                    + ")" + (permission == null ? "" : "; missing: " + permission));
        }
        if (permission == null) {
            return new OpenSearchAccessException(where + " denied user " + user(settings) + " (" + status + ") while "
                    + doing + (index == null ? "" : " (" + index + ")") + ": "
                    + BulkResponses.preview(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return new OpenSearchAccessException(where + " denied user " + user(settings) + " the permission " + permission
                + (index == null ? "" : " on " + index) + " (403) while " + doing + ": "
                + (fix != null ? fix : "grant it to the user's role (" + ROLE_FILE + " lists every permission the job needs)"));
    }

    /** The permission a security_exception names, or null. */
    static String permission(String body) {
        Matcher m = NO_PERMISSIONS.matcher(body == null ? "" : body);
        return m.find() ? m.group(1) : null;
    }

    static String where(JobSettings settings) {
        return "OpenSearch at " + settings.opensearchHosts.get(0);
    }

    private static String user(JobSettings settings) {
        return settings.opensearchUsername == null ? "unset" : settings.opensearchUsername;
    }

    /** The access problem a failure comes from, anywhere in its causes. */
    public static Optional<OpenSearchAccessException> in(Throwable failure) {
        return ExceptionUtils.findThrowable(failure, OpenSearchAccessException.class);
    }
}
