package dev.datomickit.example.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes a method and a path to a handler. Templates are literal segments and {@code {name}}
 * parameters; a path matches a template segment for segment, so {@code /users/} is not
 * {@code /users}. A path no template matches is a 404; a path matched only under other methods
 * is a 405 naming them.
 */
final class Router {

    /** Handles one request. */
    @FunctionalInterface
    interface Handler {
        Response handle(Request request);
    }

    /** A matched route: its handler and the path parameters. */
    record Match(Handler handler, Map<String, String> params) {}

    private record Route(String method, List<String> template, Handler handler) {

        /** The parameters if {@code segments} fit the template, else {@code null}. */
        Map<String, String> match(List<String> segments) {
            if (segments.size() != template.size()) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String expected = template.get(i);
                String segment = segments.get(i);
                if (expected.startsWith("{")) {
                    if (segment.isEmpty()) {
                        return null;
                    }
                    params.put(expected.substring(1, expected.length() - 1), segment);
                } else if (!expected.equals(segment)) {
                    return null;
                }
            }
            return params;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    Router get(String template, Handler handler) {
        return add("GET", template, handler);
    }

    Router post(String template, Handler handler) {
        return add("POST", template, handler);
    }

    private Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, segments(template), handler));
        return this;
    }

    /**
     * Finds the route of a request.
     *
     * @param method the request method
     * @param rawPath the path, still percent-encoded: parameters are compared and passed as sent
     * @throws HttpError 404 or 405
     */
    Match match(String method, String rawPath) {
        List<String> segments = segments(rawPath);
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route.handler(), params);
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw HttpError.notFound("No resource at " + Text.abbreviate(rawPath));
        }
        throw HttpError.methodNotAllowed(Text.abbreviate(method), Text.abbreviate(rawPath), String.join(", ", allowed));
    }

    private static List<String> segments(String path) {
        // "/users/42" -> [users, 42]; "/users/" -> [users, ""]; "/" -> [""]
        return List.of(path.substring(path.startsWith("/") ? 1 : 0).split("/", -1));
    }
}
