package dev.datomickit.deploycheck;

import static dev.datomickit.core.env.DatomicUri.redact;

/**
 * A host and port a container connects to, as written in a connection setting.
 *
 * @param host the host name or address, IPv6 without brackets
 * @param port the port, or {@code null} when neither written nor implied by the protocol
 * @param portWritten whether the port was written out (rather than the protocol's default)
 */
record Endpoint(String host, Integer port, boolean portWritten) {

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Endpoint parse(String text, Integer defaultPort) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("\"" + text + "\" opens an IPv6 address with [ but never closes it");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected :port after \"" + text.substring(0, close + 1) + "\"");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("\"" + text + "\" has more than one ':'; write IPv6 addresses in brackets");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("\"" + text + "\" names no host");
        }
        if (port == null) {
            return new Endpoint(host, defaultPort, false);
        }
        return new Endpoint(host, isPlaceholder(port) ? null : parsePort(port), true);
    }

    /**
     * Parses {@code text}, a part of the connection string {@code whole}. A password holding a
     * delimiter ('/', '?', '@') cuts a URL in unexpected places, so {@code text} may be a piece of
     * it, which redacting whole passwords would miss: {@code text} is used, in an error or as the
     * endpoint a finding names, only if the redacted connection string shows it anyway.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Endpoint parseIn(String whole, String text, Integer defaultPort) {
        boolean shown = redact(whole).contains(text);
        try {
            Endpoint endpoint = parse(text, defaultPort);
            if (shown) {
                return endpoint;
            }
        } catch (IllegalArgumentException e) {
            if (shown) {
                throw e;
            }
        }
        throw new IllegalArgumentException("its host and port cannot be read without showing part of a password"
                + " (percent-encode '/', '?', '@' and ':' in passwords)");
    }

    static int parsePort(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("\"" + text + "\" is not a port number (1-65535)");
        }
        return Integer.parseInt(text);
    }

    /** Text Kamal or a shell fills in later ({@code $VAR}, {@code ${VAR}}, {@code $(cmd)}, ERB). */
    static boolean isPlaceholder(String text) {
        return text.contains("$") || text.contains("<%");
    }

    boolean hostIsPlaceholder() {
        return isPlaceholder(host);
    }

    String display() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return port == null ? shownHost : shownHost + ":" + port;
    }
}
