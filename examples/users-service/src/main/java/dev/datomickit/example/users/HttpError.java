package dev.datomickit.example.users;

import java.util.Map;

/**
 * A request the service answers with an error status: thrown anywhere in a handler, turned into a
 * JSON body {@code {"error": code, "message": …}} by {@link HttpAdapter}. Expected outcomes, not
 * failures, so it records no stack trace.
 */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;

    HttpError(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, "bad-request", message, Map.of());
    }

    static HttpError notFound(String message) {
        return new HttpError(404, "not-found", message, Map.of());
    }

    static HttpError methodNotAllowed(String method, String path, String allowed) {
        return new HttpError(405, "method-not-allowed", method + " is not allowed on " + path + "; allowed: " + allowed,
                Map.of("Allow", allowed));
    }

    static HttpError conflict(String message) {
        return new HttpError(409, "conflict", message, Map.of());
    }

    static HttpError payloadTooLarge(long limit) {
        // The rest of the body is not read, so the connection cannot be reused.
        return new HttpError(413, "payload-too-large", "The request body exceeds " + limit + " bytes",
                Map.of("Connection", "close"));
    }

    static HttpError unsupportedMediaType(String found) {
        return new HttpError(415, "unsupported-media-type", "Expected Content-Type application/json, found " + found,
                Map.of());
    }

    static HttpError unavailable(String message) {
        return new HttpError(503, "unavailable", message, Map.of("Connection", "close"));
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }
}
