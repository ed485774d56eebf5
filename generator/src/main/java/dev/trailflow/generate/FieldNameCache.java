package dev.trailflow.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes field names from pre-encoded bytes. Field names are a third of a CloudTrail record and come
 * from a small fixed set, so encoding and escape-checking each one once instead of per event is the
 * cheapest large speed-up of the generator.
 */
final class FieldNameCache extends JsonGeneratorDelegate {

    private static final ConcurrentHashMap<String, SerializedString> NAMES = new ConcurrentHashMap<>();

    FieldNameCache(JsonGenerator delegate) {
        super(delegate, false);
    }

    @Override
    public void writeFieldName(String name) throws IOException {
        SerializableString encoded = NAMES.get(name);
        if (encoded == null) {
            encoded = NAMES.computeIfAbsent(name, SerializedString::new);
        }
        delegate.writeFieldName(encoded);
    }
}
