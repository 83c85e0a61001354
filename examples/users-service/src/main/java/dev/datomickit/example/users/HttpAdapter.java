package dev.datomickit.example.users;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import datomic.Connection;
import dev.datomickit.core.EntityNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the JDK's HTTP server and the handlers: admits or refuses each exchange ({@link InFlight}),
 * routes it, reads at most {@link #MAX_BODY_BYTES} of its body, and turns every outcome into a
 * JSON response. A failure is logged with its stack trace under a reference the client receives;
 * the client never sees the exception itself.
 */
final class HttpAdapter implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpAdapter.class);

    /** The largest request body read: a sign-up is well under a kilobyte. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final Router router;
    private final Connection connection;
    private final InFlight inFlight;

    HttpAdapter(Router router, Connection connection, InFlight inFlight) {
        this.router = router;
        this.connection = connection;
        this.inFlight = inFlight;
    }

    /** Status, headers and the encoded body, ready to send. */
    private record Reply(int status, Map<String, String> headers, byte[] body) {}

    @Override
    public void handle(HttpExchange exchange) {
        if (!inFlight.enter()) {
            send(exchange, error(HttpError.unavailable("The service is shutting down; retry on another instance")));
            return;
        }
        try {
            send(exchange, reply(exchange));
        } finally {
            inFlight.exit(); // after send() closed the exchange, so a draining stop() never cuts a response short
        }
    }

    private Reply reply(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        try {
            Router.Match match = router.match(method, path);
            Request request = new Request(connection, match.params(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), () -> readBody(exchange));
            Response response = match.handler().handle(request);
            return new Reply(response.status(), response.headers(), Json.write(response.body()));
        } catch (HttpError e) {
            return error(e);
        } catch (InvalidInputException e) {
            Map<String, Object> body = errorBody("invalid-input", e.getMessage());
            body.put("fields", e.errors());
            return new Reply(400, Map.of(), Json.write(body));
        } catch (EntityNotFoundException e) {
            return error(HttpError.notFound(notFound(e)));
        } catch (Exception e) { // Clojure code may throw checked exceptions undeclared
            String reference = Long.toHexString(ThreadLocalRandom.current().nextLong());
            LOG.error("{} {} failed; reference {}", method, Text.abbreviate(path), reference, e);
            return new Reply(500, Map.of(), Json.write(errorBody("internal",
                    "The service failed to handle this request; the log has the details under reference " + reference)));
        }
    }

    /** "No user with id 5f0c…", from the finder's attribute and value. */
    private static String notFound(EntityNotFoundException e) {
        return "No " + e.attribute().getNamespace() + " with " + e.attribute().getName() + " " + e.value();
    }

    private static Reply error(HttpError e) {
        return new Reply(e.status(), e.headers(), Json.write(errorBody(e.code(), e.getMessage())));
    }

    private static Map<String, Object> errorBody(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return body;
    }

    private static byte[] readBody(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > MAX_BODY_BYTES) {
            throw HttpError.payloadTooLarge(MAX_BODY_BYTES); // without reading it
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1); // chunked bodies declare no length
            if (body.length > MAX_BODY_BYTES) {
                throw HttpError.payloadTooLarge(MAX_BODY_BYTES);
            }
            return body;
        } catch (IOException e) {
            throw HttpError.badRequest("The request body could not be read: " + e.getMessage());
        }
    }

    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return 0; // the JDK's server refuses a malformed length before any handler runs
        }
    }

    private static void send(HttpExchange exchange, Reply reply) {
        try (exchange) {
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(reply.status(), reply.body().length);
            exchange.getResponseBody().write(reply.body());
            // Send it now: closing the exchange first drains what is left of the request body, which a
            // refused client (413) may still be sending, or may never send.
            exchange.getResponseBody().flush();
        } catch (IOException e) {
            LOG.debug("Could not send a {} response; the client has gone", reply.status(), e);
        }
    }
}
