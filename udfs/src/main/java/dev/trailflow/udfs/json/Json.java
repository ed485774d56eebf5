package dev.trailflow.udfs.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one Jackson factory and mapper of the udfs: thread-safe once built, and costly to build per use. */
public final class Json {

    /** Numbers read into trees keep their digits: 1.10 stays 1.10 when written back. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {}
}
