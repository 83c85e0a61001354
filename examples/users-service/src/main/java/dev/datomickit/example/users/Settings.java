package dev.datomickit.example.users;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Where the service listens, from environment variables. (Which database it uses is the
 * {@linkplain dev.datomickit.core.env.Environment environment}'s business: {@code DATOMIC_URI},
 * {@code DATOMIC_ENV}.)
 *
 * @param host {@code HOST}: the address to listen on; all interfaces by default, as a container needs
 * @param port {@code PORT}: 8080 by default; 0 picks a free port
 */
record Settings(String host, int port) {

    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_HOST = "0.0.0.0";

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException naming the variable, if a value is malformed
     */
    static Settings from(Map<String, String> variables) {
        String host = variables.getOrDefault("HOST", "").strip();
        String port = variables.getOrDefault("PORT", "").strip();
        return new Settings(host.isEmpty() ? DEFAULT_HOST : host, port.isEmpty() ? DEFAULT_PORT : port(port));
    }

    private static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("PORT must be a number from 0 to 65535 (0 picks a free port), was \""
                    + Text.abbreviate(text) + "\"");
        }
        return port;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }
}
