package dev.datomickit.core.env;

import dev.datomickit.core.DatomicKitException;

/**
 * A storage URI cannot be reached: its host does not resolve, its port does not accept
 * connections, or (for {@code sql}) no JDBC driver on the classpath accepts its URL. Found by
 * {@link StoragePreflight} before the peer would wait out its own timeouts.
 *
 * <p>The message names the URI (redacted), the host and port tried, what happened, and what to
 * check, with advice for Docker when the process runs in a container.
 */
public final class StorageUnreachableException extends DatomicKitException {

    private static final long serialVersionUID = 1L;

    private final transient DatomicUri uri;
    private final String host;
    private final int port;

    StorageUnreachableException(String message, DatomicUri uri, String host, int port) {
        super(message);
        this.uri = uri;
        this.host = host;
        this.port = port;
    }

    /**
     * Returns the URI that was checked; its {@code toString} is redacted.
     *
     * @return the URI
     */
    public DatomicUri uri() {
        return uri;
    }

    /**
     * Returns the host that could not be reached.
     *
     * @return the host name or address
     */
    public String host() {
        return host;
    }

    /**
     * Returns the port that was tried.
     *
     * @return the port, or -1 when the URI names none
     */
    public int port() {
        return port;
    }
}
