package dev.datomickit.example.users;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.datomickit.core.json.DatomicModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out, with one mapper that knows Datomic's types. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new DatomicModule())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // {"email": a, "email": b} is ambiguous
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a response as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a JSON object.
     *
     * @throws HttpError 400 if the text is not one JSON object, saying where it went wrong
     */
    static Map<String, Object> readObject(byte[] body) {
        if (body.length == 0) {
            throw HttpError.badRequest("The request body is empty; expected a JSON object");
        }
        Object value;
        try {
            value = MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw HttpError.badRequest("Malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown for a byte array
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw HttpError.badRequest("Expected a JSON object, found " + kind(value));
        }
        Map<String, Object> object = new LinkedHashMap<>();
        map.forEach((key, field) -> object.put((String) key, field));
        return object;
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof java.util.List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private Json() {}
}
