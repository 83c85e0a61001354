package dev.datomickit.example.users;

import datomic.Connection;
import datomic.Database;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One request, as handlers see it: path parameters, the JSON body, and the connection.
 */
final class Request {

    /** Reads the body, at most {@link HttpAdapter#MAX_BODY_BYTES}. */
    @FunctionalInterface
    interface Body {
        byte[] read();
    }

    private final Connection connection;
    private final Map<String, String> params;
    private final String contentType;
    private final Body body;
    private Database db;

    Request(Connection connection, Map<String, String> params, String contentType, Body body) {
        this.connection = connection;
        this.params = Map.copyOf(params);
        this.contentType = contentType;
        this.body = body;
    }

    Connection connection() {
        return connection;
    }

    /** The database value this request reads, the same for all its reads. */
    Database db() {
        if (db == null) {
            db = connection.db();
        }
        return db;
    }

    /**
     * A path parameter that is a UUID.
     *
     * @throws HttpError 400 if it is not one
     */
    UUID uuid(String param) {
        String text = params.get(param);
        try {
            UUID id = UUID.fromString(text);
            if (id.toString().equals(text.toLowerCase(Locale.ROOT))) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw HttpError.badRequest("The " + param + " \"" + Text.abbreviate(text) + "\" is not a UUID");
    }

    /**
     * The body, as a JSON object.
     *
     * @throws HttpError 415 if it is declared as something else than JSON, 400 if it is not a JSON
     *     object, 413 if it is too large
     */
    Map<String, Object> jsonObject() {
        if (contentType != null && !isJson(contentType)) {
            throw HttpError.unsupportedMediaType(Text.abbreviate(contentType));
        }
        return Json.readObject(body.read());
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json");
    }
}
