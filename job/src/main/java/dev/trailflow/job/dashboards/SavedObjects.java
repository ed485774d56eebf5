package dev.trailflow.job.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailflow.job.sinks.IndexTemplates;
import dev.trailflow.job.sinks.RawRecordEmitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The OpenSearch Dashboards saved objects of {@code dashboards/trailflow.ndjson}, made to read the
 * indices of one deployment. Only the four index patterns name indices; every visualization, saved
 * search and dashboard reaches them by id, so renaming indices rewrites four titles.
 */
public final class SavedObjects {

    public static final String RESOURCE = "/dashboards/trailflow.ndjson";
    /** Ids of the index patterns in the file. */
    public static final String RAW = "trailflow-raw";
    public static final String ROLLUPS = "trailflow-rollups";
    public static final String INSIGHTS = "trailflow-insights";
    public static final String DEADLETTER = "trailflow-deadletter";

    private static final ObjectMapper M = new ObjectMapper();

    private SavedObjects() {}

    /** The objects as the file holds them, in its order. */
    public static List<ObjectNode> bundled() {
        try (InputStream in = SavedObjects.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: build the job module");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<ObjectNode> parse(String ndjson) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.trim().isEmpty()) {
                out.add((ObjectNode) M.readTree(line));
            }
        }
        return out;
    }

    public static String toNdjson(List<ObjectNode> objects) {
        StringBuilder b = new StringBuilder();
        for (ObjectNode o : objects) {
            try {
                b.append(M.writeValueAsString(o)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.toString();
    }

    /**
     * The objects for these indices. A non-empty {@code idPrefix} goes before every id (and every
     * reference) and into the titles, so the dashboards of several deployments live side by side.
     * Without raw records, the raw index pattern and everything built on it are left out.
     */
    public static List<ObjectNode> forIndices(List<ObjectNode> bundled, Indices indices, String idPrefix) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : bundled) {
            out.add(o.deepCopy());
        }
        if (!indices.rawEnabled()) {
            dropWithDependents(out, RAW);
        }
        for (ObjectNode o : out) {
            String id = o.path("id").asText();
            if ("index-pattern".equals(o.path("type").asText())) {
                ((ObjectNode) o.get("attributes")).put("title", indices.patternFor(id));
            } else if (!idPrefix.isEmpty()) {
                ObjectNode attributes = (ObjectNode) o.get("attributes");
                attributes.put("title", attributes.path("title").asText() + " (" + idPrefix + ")");
            }
            if (!idPrefix.isEmpty()) {
                o.put("id", idPrefix + id);
                for (JsonNode r : o.path("references")) {
                    ((ObjectNode) r).put("id", idPrefix + r.path("id").asText());
                }
            }
        }
        return out;
    }

    /** The id of the index pattern a visualization or saved search reads; null for other objects. */
    public static String indexPatternOf(JsonNode object) {
        for (JsonNode r : object.path("references")) {
            if ("index-pattern".equals(r.path("type").asText())) {
                return r.path("id").asText();
            }
        }
        return null;
    }

    /** Removes the object and, until none is left, every object that references a removed one. */
    private static void dropWithDependents(List<ObjectNode> objects, String id) {
        Set<String> removed = new HashSet<>(List.of(id));
        boolean more = true;
        while (more) {
            more = objects.removeIf(o -> {
                if (removed.contains(o.path("id").asText())) {
                    return true;
                }
                for (JsonNode r : o.path("references")) {
                    if (removed.contains(r.path("id").asText())) {
                        removed.add(o.path("id").asText());
                        return true;
                    }
                }
                return false;
            });
        }
    }

    /** The job's index names (its options opensearch.raw-index, -rollup-index, -deadletter-index, -insights-index). */
    public static final class Indices {
        public final String raw;
        public final String rollups;
        public final String deadLetter;
        public final String insights;

        public Indices(String raw, String rollups, String deadLetter, String insights) {
            this.raw = raw;
            this.rollups = rollups;
            this.deadLetter = deadLetter;
            this.insights = insights;
        }

        public boolean rawEnabled() {
            return !raw.isEmpty();
        }

        /**
         * The daily raw indices and nothing else: {@code cloudtrail-{yyyy.MM.dd}} becomes
         * {@code cloudtrail-*}, which would also take in {@code cloudtrail-rollups} and the others of the
         * same prefix, so each of them that the wildcard matches is excluded by name.
         */
        public String rawPattern() {
            if (!raw.contains(RawRecordEmitter.DAY)) {
                return raw;
            }
            String wildcard = IndexTemplates.rawPattern(raw);
            Pattern p = Pattern.compile(Arrays.stream(wildcard.split("\\*", -1)).map(Pattern::quote)
                    .collect(Collectors.joining(".*")));
            StringBuilder b = new StringBuilder(wildcard);
            for (String other : List.of(rollups, deadLetter, insights)) {
                if (p.matcher(other).matches()) {
                    b.append(",-").append(other);
                }
            }
            return b.toString();
        }

        String patternFor(String indexPatternId) {
            switch (indexPatternId) {
                case RAW:
                    return rawPattern();
                case ROLLUPS:
                    return rollups;
                case INSIGHTS:
                    return insights;
                case DEADLETTER:
                    return deadLetter;
                default:
                    throw new IllegalStateException("unknown index pattern " + indexPatternId + " in " + RESOURCE);
            }
        }
    }
}
