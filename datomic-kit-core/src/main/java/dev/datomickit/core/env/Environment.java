package dev.datomickit.core.env;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an application's Datomic connection comes from, chosen by configuration: an in-memory
 * database with schema and fixtures, a real database, or a fork of one whose writes stay in the
 * process.
 *
 * <pre>{@code
 * Environment env = Environment.builder()
 *         .local(schema, fixtures)   // what the in-memory database starts with
 *         .resolve();                // reads DATOMIC_ENV and DATOMIC_URI
 * Connection conn = env.connect();
 * }</pre>
 *
 * <table>
 *   <caption>Kinds</caption>
 *   <tr><th>{@code DATOMIC_ENV}</th><th>connection</th><th>writes</th></tr>
 *   <tr><td>{@code local} (the default)</td><td>a fork of an in-memory database holding the
 *       {@linkplain Builder#local local sources}, built on the first {@link #connect()}: each
 *       connect gives a fresh copy in O(1)</td><td>stay in the process</td></tr>
 *   <tr><td>{@code dev}, {@code prod}</td><td>{@code Peer.connect} to the URI</td>
 *       <td>reach storage</td></tr>
 *   <tr><td>{@code dev-fork}, {@code prod-fork}</td><td>a {@linkplain Forks#fork fork} of a
 *       connection to the URI: it reads the real database as of {@link #connect()} (connect again
 *       for newer data), and its writes apply to the fork only</td><td>never reach storage</td></tr>
 * </table>
 *
 * <p>Configuration, each a system property or else an environment variable: {@code datomic.env}
 * / {@code DATOMIC_ENV} chooses the kind; {@code datomic.uri} / {@code DATOMIC_URI} is the URI,
 * overridden for {@code dev} and {@code dev-fork} by {@code datomic.dev.uri} / {@code DATOMIC_DEV_URI}
 * and for {@code prod} and {@code prod-fork} by {@code datomic.prod.uri} /
 * {@code DATOMIC_PROD_URI}, so switching between {@code dev-fork} and {@code prod-fork} takes one
 * variable. Without a kind, a URI alone selects {@code prod} (a deployment sets only the URI) and
 * nothing at all selects {@code local}.
 *
 * <p>Before connecting to a real URI, {@link StoragePreflight} checks that its storage answers
 * (unless {@link Builder#preflight(boolean) disabled}). The URI appears redacted in every log line
 * and message, including the failures of {@code Peer.connect}, whose messages are scrubbed of the
 * URI's secrets.
 */
public final class Environment {

    private static final Logger LOG = LoggerFactory.getLogger(Environment.class);

    /** The kinds of environment. */
    public enum Kind {
        /** An in-memory database with the local sources: the embedded default. */
        LOCAL("local", false),
        /** A real database, typically on the developer's machine. */
        DEV("dev", true),
        /** The production database. */
        PROD("prod", true),
        /** A fork of the dev database: real data, writes stay in the process. */
        DEV_FORK("dev-fork", false),
        /** A fork of the production database: live data, writes stay in the process. */
        PROD_FORK("prod-fork", false);

        private final String id;
        private final boolean writesReachStorage;

        Kind(String id, boolean writesReachStorage) {
            this.id = id;
            this.writesReachStorage = writesReachStorage;
        }

        /**
         * Returns the name used in configuration.
         *
         * @return for example {@code "prod-fork"}
         */
        public String id() {
            return id;
        }

        /**
         * Tells whether transactions in this kind of environment are written to storage.
         *
         * @return {@code true} for {@code dev} and {@code prod}
         */
        public boolean writesReachStorage() {
            return writesReachStorage;
        }

        /**
         * Returns the kind named {@code name}, ignoring case and accepting {@code _} for {@code -}.
         *
         * @param name such as {@code "prod-fork"}, {@code "PROD_FORK"}
         * @return the kind
         * @throws IllegalArgumentException if no kind has that name, listing them
         */
        public static Kind of(String name) {
            String normal = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Kind kind : values()) {
                if (kind.id.equals(normal)) {
                    return kind;
                }
            }
            // The value is not shown: a URI or a password set here by mistake would be printed.
            throw new IllegalArgumentException("Unknown Datomic environment kind (" + describeUnknown(name)
                    + "); expected one of " + Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", ")));
        }

        private static String describeUnknown(String name) {
            if (name == null) {
                return "none given";
            }
            String text = name.strip();
            if (text.startsWith("datomic:") || text.contains("://")) {
                return "the value, not shown, looks like a URI: a URI belongs in DATOMIC_URI";
            }
            return "the value is not shown, as it may be a secret set here by mistake";
        }
    }

    private final Kind kind;
    private final DatomicUri uri;
    private final String chosenBy;
    private final List<TxSource> localSources;
    private final boolean preflight;
    private final Duration preflightTimeout;
    private final Function<String, Connection> connector;
    private Connection localStart; // guarded by this

    private Environment(Kind kind, DatomicUri uri, String chosenBy, Builder builder) {
        this.kind = kind;
        this.uri = uri;
        this.chosenBy = chosenBy;
        this.localSources = List.copyOf(builder.localSources);
        this.preflight = builder.preflight;
        this.preflightTimeout = builder.preflightTimeout;
        this.connector = builder.connector;
    }

    /**
     * Starts describing the application's environments.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the kind of environment.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the URI connected to.
     *
     * @return the URI; empty for {@code local}
     */
    public Optional<DatomicUri> uri() {
        return Optional.ofNullable(uri);
    }

    /**
     * Returns a connection for this environment. For {@code local}, the first call builds an
     * in-memory database with the local sources transacted in order, and every call returns a new
     * fork of it; for {@code dev-fork} and {@code prod-fork}, every call connects and returns a new
     * fork of the real database's current value.
     *
     * @return the connection
     * @throws StorageUnreachableException if the preflight finds the storage unreachable
     * @throws DatomicKitException if {@code Peer.connect} fails (the message and causes are
     *     scrubbed of the URI's secrets), or a local source fails to transact
     */
    public Connection connect() {
        if (kind == Kind.LOCAL) {
            return connectLocal();
        }
        if (preflight) {
            StoragePreflight.check(uri, preflightTimeout);
        }
        if (kind.writesReachStorage()) {
            LOG.info("Datomic environment {}: connecting to {}", kind.id(), uri);
            return peerConnect();
        }
        LOG.info("Datomic environment {}: forking a connection to {}; writes stay in this process", kind.id(), uri);
        return Forks.fork(peerConnect());
    }

    private Connection connectLocal() {
        Connection start;
        synchronized (this) {
            if (localStart == null) {
                LOG.info("Datomic environment local: an in-memory database with {} source(s)", localSources.size());
                Connection building = Forks.mock();
                for (TxSource source : localSources) {
                    Tx.transact(building, source);
                }
                localStart = building;
            }
            start = localStart;
        }
        // A fork per connect: each caller starts from the sources, none sees another's writes.
        return Forks.fork(start);
    }

    private Connection peerConnect() {
        try {
            return connector.apply(uri.connectionString());
        } catch (Exception e) { // the peer also throws checked exceptions (SQLException) undeclared
            String reason = e.getMessage() == null || e.getMessage().isBlank()
                    ? "the Datomic peer gave no reason (see the cause)" : uri.scrub(e.getMessage());
            throw new DatomicKitException("Cannot connect to " + uri + " (" + kind.id() + " environment, chosen by "
                    + chosenBy + "): " + reason, DatomicUri.redactedCopy(e));
        }
    }

    /**
     * Describes the environment for logs: its kind, how it was chosen and its URI, redacted.
     *
     * @return for example {@code Environment[prod-fork from DATOMIC_ENV, datomic:sql://app?…password=***]}
     */
    @Override
    public String toString() {
        return "Environment[" + kind.id() + " from " + chosenBy + (uri == null ? "" : ", " + uri) + "]";
    }

    /** Describes the application's environments, then resolves one from configuration. */
    public static final class Builder {

        private final List<TxSource> localSources = new ArrayList<>();
        private boolean preflight = true;
        private Duration preflightTimeout = StoragePreflight.DEFAULT_TIMEOUT;
        private Function<String, Connection> connector = Peer::connect;

        private Builder() {}

        /**
         * Adds what the in-memory database of {@code local} starts with: the schema, then fixtures.
         *
         * @param sources transaction data sources, transacted in order on the first local connect
         * @return this builder
         */
        public Builder local(TxSource... sources) {
            for (TxSource source : sources) {
                localSources.add(Objects.requireNonNull(source, "source"));
            }
            return this;
        }

        /**
         * Turns the storage preflight on (the default) or off.
         *
         * @param enabled whether to check the storage before connecting to a real URI
         * @return this builder
         */
        public Builder preflight(boolean enabled) {
            this.preflight = enabled;
            return this;
        }

        /**
         * Sets the preflight's timeout for the name lookup and for each connection.
         *
         * @param timeout the timeout, from 1 millisecond to 10 minutes; two seconds by default
         * @return this builder
         * @throws IllegalArgumentException if the timeout is outside that range, saying so
         */
        public Builder preflightTimeout(Duration timeout) {
            this.preflightTimeout = StoragePreflight.checkTimeout(timeout, "Environment.Builder.preflightTimeout");
            return this;
        }

        /** Tests replace Peer.connect: a real failure of a storage URI takes the peer 15 to 20 seconds. */
        Builder connector(Function<String, Connection> connector) {
            this.connector = connector;
            return this;
        }

        /**
         * Resolves the environment from system properties, then environment variables.
         *
         * @return the environment
         * @throws IllegalArgumentException if the kind is unknown or the URI malformed, naming the
         *     variable it came from (the URI redacted)
         * @throws DatomicKitException if a kind other than {@code local} has no URI, or a
         *     {@code datomic:mem} one
         */
        public Environment resolve() {
            return resolve(name -> {
                String property = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
                return property != null ? property : System.getenv(name);
            }, true);
        }

        /**
         * Resolves the environment from {@code variables}, keyed by environment variable name
         * ({@code DATOMIC_ENV}, {@code DATOMIC_URI}, {@code DATOMIC_DEV_URI}, {@code DATOMIC_PROD_URI}):
         * for applications that read their configuration themselves, and for tests.
         *
         * @param variables the configuration
         * @return the environment
         * @throws IllegalArgumentException if the kind is unknown or the URI malformed
         * @throws DatomicKitException if a kind other than {@code local} has no URI, or a
         *     {@code datomic:mem} one
         */
        public Environment resolve(Map<String, String> variables) {
            Map<String, String> copy = Map.copyOf(variables);
            return resolve(copy::get, false);
        }

        private Environment resolve(Function<String, String> lookup, boolean fromSystem) {
            String env = blankToNull(lookup.apply("DATOMIC_ENV"));
            String genericUri = blankToNull(lookup.apply("DATOMIC_URI"));
            Kind kind;
            String chosenBy;
            if (env != null) {
                try {
                    kind = Kind.of(env);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage() + " (from " + where("DATOMIC_ENV", fromSystem) + ")", e);
                }
                chosenBy = where("DATOMIC_ENV", fromSystem);
            } else if (genericUri != null) {
                kind = Kind.PROD;
                chosenBy = where("DATOMIC_URI", fromSystem) + " without DATOMIC_ENV";
            } else {
                return new Environment(Kind.LOCAL, null, "default (no DATOMIC_ENV, no DATOMIC_URI)", this);
            }
            if (kind == Kind.LOCAL) {
                return new Environment(kind, null, chosenBy, this);
            }
            String specific = kind == Kind.DEV || kind == Kind.DEV_FORK ? "DATOMIC_DEV_URI" : "DATOMIC_PROD_URI";
            String text = blankToNull(lookup.apply(specific));
            String source = specific;
            if (text == null) {
                text = genericUri;
                source = "DATOMIC_URI";
            }
            if (text == null) {
                throw new DatomicKitException("The " + kind.id() + " environment (" + chosenBy + ") needs a Datomic URI;"
                        + " set " + specific + " or DATOMIC_URI" + (fromSystem ? " (or -D" + property(specific)
                        + " / -Ddatomic.uri)" : ""));
            }
            DatomicUri uri;
            try {
                uri = DatomicUri.parse(text);
            } catch (IllegalArgumentException e) { // its message shows the URI redacted, or not at all
                throw new IllegalArgumentException(e.getMessage() + " (from " + where(source, fromSystem) + ")", e);
            }
            if (uri.isInMemory()) {
                throw new DatomicKitException("The " + kind.id() + " environment needs a database in storage, but "
                        + where(source, fromSystem) + " is " + uri + ", which exists only inside one process;"
                        + " use the local environment for an in-memory database");
            }
            return new Environment(kind, uri, chosenBy, this);
        }

        private static String where(String variable, boolean fromSystem) {
            return fromSystem ? variable + " (or -D" + property(variable) + ")" : variable;
        }

        private static String property(String variable) {
            return variable.toLowerCase(Locale.ROOT).replace('_', '.');
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }
}
