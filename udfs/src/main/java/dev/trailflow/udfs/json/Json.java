package dev.trailflow.udfs.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson factory and mapper of the udfs: thread-safe once built, and costly to build per use. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {}
}
