package dev.datomickit.example.users;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.datomickit.core.json.DatomicModule;
import dev.datomickit.schema.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON in and out. Responses are written by one mapper that knows Datomic's types. Request bodies
 * are read by a bounded reader of its own, so that every failure is explained in the client's
 * terms (JSON types, line and column), never in Jackson's:
 *
 * <ul>
 *   <li>the body must be UTF-8 (RFC 8259), checked before parsing;
 *   <li>exactly one JSON value, nothing after it but white space;
 *   <li>objects and arrays nest at most {@value #MAX_DEPTH} levels (the bound of schema
 *       validation), numbers have at most {@value #MAX_NUMBER_LENGTH} characters, and a body holds
 *       at most {@value #MAX_VALUES} values;
 *   <li>a field name appears once per object.
 * </ul>
 *
 * The reader is a loop over Jackson's tokens with an explicit stack, so no input can overflow the
 * thread's stack.
 */
final class Json {

    /** The deepest nesting of objects and arrays a body may have: the top-level object is level 1. */
    static final int MAX_DEPTH = Schema.MAX_VALIDATION_DEPTH;
    /** The longest number, in characters: a long has at most 20, a double's text rarely more than 25. */
    static final int MAX_NUMBER_LENGTH = 100;
    /** The most values (object fields and array elements, at every level) a body may hold. */
    static final int MAX_VALUES = Schema.MAX_VALIDATION_VALUES;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new DatomicModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /**
     * Parses request bodies. Jackson's own limits are set above this class's, so that this class
     * finds every excess first and explains it; a request body is at most
     * {@link HttpAdapter#MAX_BODY_BYTES}, so no token can reach Jackson's limits.
     */
    private static final JsonFactory READER = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 1)
                    .maxNumberLength(Math.max(HttpAdapter.MAX_BODY_BYTES, MAX_NUMBER_LENGTH) + 1)
                    .build())
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
     * @throws HttpError 400 if the body is not one JSON object within the bounds, saying where and why
     */
    static Map<String, Object> readObject(byte[] body) {
        if (body.length == 0) {
            throw HttpError.badRequest("The request body is empty; expected a JSON object");
        }
        Object value = read(utf8(body));
        if (!(value instanceof Map<?, ?> map)) {
            throw HttpError.badRequest("Expected a JSON object, found " + kind(value));
        }
        Map<String, Object> object = new LinkedHashMap<>();
        map.forEach((key, field) -> object.put((String) key, field));
        return object;
    }

    /** What a JSON value is, in JSON's words: "an object", "a string", … */
    static String kind(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof Map<?, ?>) {
            return "an object";
        } else if (value instanceof List<?>) {
            return "an array";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Number) {
            return "a number";
        }
        return "a value";
    }

    // ---------------------------------------------------------------- reading

    /** The body as text, or a 400 naming the first byte that is not UTF-8 and where it is. */
    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.limit(); i++) {
                if (out.get(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            throw HttpError.badRequest("The request body is not UTF-8: byte "
                    + String.format(Locale.ROOT, "0x%02x", body[in.position()] & 0xff) + " at line " + line
                    + ", column " + column + " does not start a valid UTF-8 character");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** An object or array being read: the map or list, and for an object the field whose value is next. */
    private static final class Open {
        final Map<String, Object> object;
        final List<Object> array;
        String field;

        Open(Map<String, Object> object, List<Object> array) {
            this.object = object;
            this.array = array;
        }
    }

    private static Object read(String text) {
        Deque<Open> open = new ArrayDeque<>();
        try (JsonParser parser = READER.createParser(text)) {
            Object root = null;
            int values = 0;
            JsonToken token = parser.nextToken();
            while (true) {
                if (token == null) {
                    throw malformed(parser.currentLocation(), "the text ends before the JSON value is complete");
                }
                Object value;
                boolean done = false;
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (open.size() >= MAX_DEPTH) {
                            throw HttpError.badRequest("The JSON body nests objects and arrays deeper than " + MAX_DEPTH
                                    + " levels (" + where(parser.currentTokenLocation())
                                    + "), the most this service accepts");
                        }
                        Open container = token == JsonToken.START_OBJECT
                                ? new Open(new LinkedHashMap<>(), null) : new Open(null, new ArrayList<>());
                        value = container.object != null ? container.object : container.array;
                        values = add(open, value, values);
                        open.push(container);
                        token = parser.nextToken();
                        continue;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        Open closed = open.pop();
                        done = open.isEmpty();
                        value = closed.object != null ? closed.object : closed.array;
                        if (done) {
                            root = value;
                        }
                    }
                    case FIELD_NAME -> {
                        Open object = open.peek();
                        String name = parser.currentName();
                        if (object.object.containsKey(name)) {
                            throw malformed(parser.currentTokenLocation(), "the field \"" + Text.abbreviate(name)
                                    + "\" appears twice in one object");
                        }
                        object.field = name;
                        token = parser.nextToken();
                        continue;
                    }
                    default -> {
                        value = scalar(parser, token);
                        if (open.isEmpty()) {
                            root = value;
                            done = true;
                        } else {
                            values = add(open, value, values);
                        }
                    }
                }
                if (done) {
                    JsonToken after = parser.nextToken();
                    if (after != null) {
                        throw malformed(parser.currentTokenLocation(), "text after the JSON value; send exactly one"
                                + " JSON object");
                    }
                    return root;
                }
                token = parser.nextToken();
            }
        } catch (JsonProcessingException e) { // a string's text is decoded, and so checked, when it is read
            throw malformed(e.getLocation(), problem(e.getOriginalMessage(), open));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown when parsing a string
        }
    }

    /**
     * Adds a value to the innermost open object or array, if any, and counts it.
     *
     * @return the number of values added so far
     */
    private static int add(Deque<Open> open, Object value, int values) {
        Open container = open.peek();
        if (container == null) {
            return values;
        }
        if (values >= MAX_VALUES) {
            throw HttpError.badRequest("The JSON body holds more than " + MAX_VALUES
                    + " values (fields and array elements), the most this service accepts");
        }
        if (container.object != null) {
            container.object.put(container.field, value);
        } else {
            container.array.add(value);
        }
        return values + 1;
    }

    private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser, token);
            default -> throw malformed(parser.currentTokenLocation(), "expected a JSON value");
        };
    }

    /** A number: a long if it fits, else a big integer; a double if it has a fraction or an exponent. */
    private static Object number(JsonParser parser, JsonToken token) throws IOException {
        int length = parser.getTextLength();
        if (length > MAX_NUMBER_LENGTH) {
            throw HttpError.badRequest("The JSON body has a number of " + length + " characters ("
                    + where(parser.currentTokenLocation()) + "); numbers have at most " + MAX_NUMBER_LENGTH);
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        BigInteger value = parser.getBigIntegerValue();
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private static JsonToken next(JsonParser parser, Deque<Open> open) throws IOException {
        return parser.nextToken();
    }

    /**
     * What went wrong, in JSON's terms. Jackson's own message is only used to tell which mistake
     * this is; it is never shown, since it names Jackson's classes and settings.
     */
    private static String problem(String jackson, Deque<Open> open) {
        String message = jackson == null ? "" : jackson;
        String found = found(message);
        if (message.startsWith("Unexpected end-of-input")) {
            return "the text ends before the JSON value is complete";
        } else if (message.contains("was expecting comma to separate Object entries")) {
            return found + "; expected ',' or '}' after a field's value";
        } else if (message.contains("was expecting comma to separate Array entries")) {
            return found + "; expected ',' or ']' after an array element";
        } else if (message.contains("was expecting a colon")) {
            return found + "; expected ':' after a field name";
        } else if (message.contains("was expecting double-quote to start field name")) {
            return found + "; expected a field name in double quotes";
        } else if (message.contains("Unrecognized token")) {
            return "unrecognized text; expected a JSON value (an object, array, string, number, true, false or null)";
        } else if (message.contains("numeric value") || message.contains("Non-standard token")
                || message.contains("Leading zeroes")) {
            return "not a JSON number";
        } else if (message.contains("Illegal unquoted character")) {
            return "a control character inside a string; escape it (\\n, \\t, \\u0000…)";
        } else if (message.contains("Unrecognized character escape")) {
            return "an unknown escape in a string; JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX";
        } else if (message.contains("Illegal character") || message.contains("Invalid white space")) {
            return "a control character outside a string";
        } else if (message.contains("comment")) {
            return found + "; JSON has no comments";
        } else if (message.contains("close marker")) {
            return found + "; expected " + (open.isEmpty() ? "a JSON value"
                    : open.peek().object != null ? "',' or '}'" : "',' or ']'");
        } else if (message.startsWith("Unexpected character")) {
            return found + "; expected " + (open.isEmpty() ? "a JSON value" : "a JSON value or the end of "
                    + (open.peek().object != null ? "the object" : "the array"));
        } else if (message.contains("exceeds the maximum")) {
            return "the JSON exceeds a limit of this service";
        }
        return "not valid JSON";
    }

    /** The unexpected character Jackson quotes first, as {@code unexpected ']'}; or a generic phrase. */
    private static String found(String jackson) {
        Matcher quoted = QUOTED_CHARACTER.matcher(jackson);
        if (quoted.find()) {
            char c = quoted.group(1).charAt(0);
            if (c >= 0x20 && c < 0x7f) {
                return "unexpected '" + c + "'";
            }
        }
        return "unexpected text";
    }

    /** One character in single quotes, as Jackson quotes the character it did not expect. */
    private static final Pattern QUOTED_CHARACTER = Pattern.compile("'(.)'");

    private static HttpError malformed(JsonLocation at, String problem) {
        return HttpError.badRequest("Malformed JSON at " + where(at) + ": " + problem);
    }

    private static String where(JsonLocation at) {
        return "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private Json() {}
}
