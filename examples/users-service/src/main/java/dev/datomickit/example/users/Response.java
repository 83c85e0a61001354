package dev.datomickit.example.users;

import java.util.Map;

/**
 * What a handler answers: a status and a body that {@link Json} writes.
 *
 * @param status the HTTP status
 * @param body maps, lists and scalars, as clientizers produce them
 * @param headers extra headers, such as {@code Location}
 */
record Response(int status, Object body, Map<String, String> headers) {

    Response {
        headers = Map.copyOf(headers);
    }

    static Response ok(Object body) {
        return new Response(200, body, Map.of());
    }

    static Response created(String location, Object body) {
        return new Response(201, body, Map.of("Location", location));
    }
}
