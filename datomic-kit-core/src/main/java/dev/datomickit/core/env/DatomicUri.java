package dev.datomickit.core.env;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Datomic connection URI, parsed, with its secrets kept out of every string it shows.
 *
 * <pre>{@code
 * DatomicUri uri = DatomicUri.parse(System.getenv("DATOMIC_URI"));
 * // datomic:sql://app?jdbc:postgresql://db:5432/datomic?user=datomic&password=s3cret
 * uri.storage();   // SQL
 * uri.database();  // "app"
 * uri.host();      // Optional[db], the PostgreSQL server
 * uri.toString();  // datomic:sql://app?jdbc:postgresql://db:5432/datomic?user=datomic&password=***
 * Peer.connect(uri.connectionString());
 * }</pre>
 *
 * <table>
 *   <caption>Accepted forms</caption>
 *   <tr><th>storage</th><th>URI</th></tr>
 *   <tr><td>{@link Storage#MEM}</td><td>{@code datomic:mem://NAME}</td></tr>
 *   <tr><td>{@link Storage#DEV}</td><td>{@code datomic:dev://HOST:PORT/NAME[?password=…]}</td></tr>
 *   <tr><td>{@link Storage#SQL}</td><td>{@code datomic:sql://NAME?jdbc:…}</td></tr>
 *   <tr><td>{@link Storage#DDB}</td><td>{@code datomic:ddb://REGION/TABLE/NAME[?aws_access_key_id=…&aws_secret_key=…]}</td></tr>
 *   <tr><td>{@link Storage#DDB_LOCAL}</td><td>{@code datomic:ddb-local://HOST:PORT/TABLE/NAME[?…]}</td></tr>
 *   <tr><td>{@link Storage#CASS}</td><td>{@code datomic:cass://HOST[:PORT]/KEYSPACE.TABLE/NAME[?user=…&password=…&ssl=…]}</td></tr>
 * </table>
 *
 * <p>Redaction: {@link #toString()}, every exception message and every log line of datomic-kit
 * show the URI with passwords, secret keys and tokens replaced by {@code ***}, in query
 * parameters, in {@code user:password@} user info and in Oracle's {@code user/password@}.
 * Only {@link #connectionString()} returns the secret text, for {@code Peer.connect}. Two URIs
 * are equal when their connection strings are.
 */
public final class DatomicUri {

    /** Datomic's storage protocols. */
    public enum Storage {
        /** In-memory, inside this process: {@code datomic:mem}. */
        MEM("mem"),
        /** A dev transactor's embedded storage: {@code datomic:dev}. */
        DEV("dev"),
        /** A SQL database through JDBC (PostgreSQL, MySQL, …): {@code datomic:sql}. */
        SQL("sql"),
        /** Amazon DynamoDB: {@code datomic:ddb}. */
        DDB("ddb"),
        /** DynamoDB Local: {@code datomic:ddb-local}. */
        DDB_LOCAL("ddb-local"),
        /** Apache Cassandra: {@code datomic:cass}. */
        CASS("cass");

        private final String protocol;

        Storage(String protocol) {
            this.protocol = protocol;
        }

        /**
         * Returns the protocol as written in URIs.
         *
         * @return for example {@code "ddb-local"}
         */
        public String protocol() {
            return protocol;
        }
    }

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:/?@\\[\\]]+)(?::([^/?]*))?");
    private static final int CASSANDRA_PORT = 9042;

    private final String connectionString;
    private final Storage storage;
    private final String database;
    private final String host;
    private final int port;
    private final Jdbc jdbc;
    private final List<String> secrets;

    private DatomicUri(String connectionString, Storage storage, String database, String host, int port, Jdbc jdbc) {
        this.connectionString = connectionString;
        this.storage = storage;
        this.database = database;
        this.host = host;
        this.port = port;
        this.jdbc = jdbc;
        this.secrets = Redaction.secrets(connectionString);
    }

    /**
     * Parses a Datomic URI.
     *
     * @param uri the URI, such as {@code datomic:dev://localhost:4334/app?password=…}
     * @return the parsed URI
     * @throws IllegalArgumentException if {@code uri} is not a Datomic URI of a supported storage
     *     or lacks a part, saying which part and showing the URI with its secrets redacted
     */
    public static DatomicUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("No Datomic URI given (" + (uri == null ? "null" : "blank")
                    + "); expected datomic:<storage>://…, such as datomic:mem://app or"
                    + " datomic:sql://app?jdbc:postgresql://db:5432/datomic?user=datomic&password=…");
        }
        String text = uri.strip();
        if (!text.startsWith("datomic:")) {
            throw invalid(text, "it does not start with datomic:; expected datomic:<storage>://…, such as"
                    + " datomic:mem://app or datomic:dev://localhost:4334/app");
        }
        int separator = text.indexOf("://");
        if (separator < 0) {
            throw invalid(text, "\"://\" is missing after the storage; expected datomic:<storage>://…");
        }
        String protocol = text.substring("datomic:".length(), separator).toLowerCase(Locale.ROOT);
        String rest = text.substring(separator + 3);
        return switch (protocol) {
            case "mem" -> mem(text, rest);
            case "dev" -> dev(text, rest);
            case "sql" -> sql(text, rest);
            case "ddb" -> ddb(text, rest);
            case "ddb-local" -> ddbLocal(text, rest);
            case "cass" -> cass(text, rest);
            case "free" -> throw invalid(text, "datomic:free is the storage of Datomic Free, which the Datomic Pro"
                    + " peer does not support; run a dev transactor and use datomic:dev://HOST:4334/NAME");
            default -> throw invalid(text, "unknown storage " + quote(text, protocol)
                    + "; expected one of mem, dev, sql, ddb, ddb-local, cass");
        };
    }

    /**
     * Redacts a connection string, even one that does not parse: for logs and messages that must
     * quote a URI.
     *
     * @param uri any text that may be or contain a connection string
     * @return the text with passwords, secret keys and tokens replaced by {@code ***}
     */
    public static String redact(String uri) {
        return Redaction.uri(uri);
    }

    private static DatomicUri mem(String text, String rest) {
        String name = rest;
        if (name.isEmpty() || name.contains("/") || name.contains("?")) {
            throw invalid(text, "expected datomic:mem://NAME with a database name and nothing else");
        }
        return new DatomicUri(text, Storage.MEM, name, null, -1, null);
    }

    private static DatomicUri dev(String text, String rest) {
        String[] path = path(rest);
        if (path.length != 2 || path[1].isEmpty()) {
            throw invalid(text, "expected datomic:dev://HOST:PORT/NAME[?password=…], with the transactor's host and"
                    + " port and a database name");
        }
        Matcher hostPort = hostPort(text, path[0], "transactor host:port");
        if (hostPort.group(2) == null) {
            throw invalid(text, "the transactor port is missing; expected datomic:dev://HOST:PORT/NAME"
                    + " (the transactor's port, 4334 by default)");
        }
        return new DatomicUri(text, Storage.DEV, path[1], host(hostPort), port(text, hostPort.group(2)), null);
    }

    private static DatomicUri sql(String text, String rest) {
        int question = rest.indexOf('?');
        String name = question < 0 ? rest : rest.substring(0, question);
        if (name.isEmpty() || name.contains("/")) {
            throw invalid(text, "expected datomic:sql://NAME?jdbc:…, with the database name before the '?'");
        }
        String jdbcUrl = question < 0 ? "" : rest.substring(question + 1);
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw invalid(text, "the JDBC URL is missing after " + quote(text, "datomic:sql://" + name + "?") + "; expected for example"
                    + " datomic:sql://" + name + "?jdbc:postgresql://HOST:5432/datomic?user=datomic&password=…");
        }
        Jdbc jdbc = Jdbc.parse(text, jdbcUrl);
        return new DatomicUri(text, Storage.SQL, name, jdbc.host(), jdbc.port(), jdbc);
    }

    private static DatomicUri ddb(String text, String rest) {
        String[] path = path(rest);
        if (path.length != 3 || path[0].isEmpty() || path[1].isEmpty() || path[2].isEmpty()) {
            throw invalid(text, "expected datomic:ddb://REGION/TABLE/NAME, such as datomic:ddb://us-east-1/datomic/app");
        }
        return new DatomicUri(text, Storage.DDB, path[2], null, -1, null);
    }

    private static DatomicUri ddbLocal(String text, String rest) {
        String[] path = path(rest);
        if (path.length != 3 || path[1].isEmpty() || path[2].isEmpty()) {
            throw invalid(text, "expected datomic:ddb-local://HOST:PORT/TABLE/NAME");
        }
        Matcher hostPort = hostPort(text, path[0], "DynamoDB Local host:port");
        if (hostPort.group(2) == null) {
            throw invalid(text, "the DynamoDB Local port is missing; expected datomic:ddb-local://HOST:PORT/TABLE/NAME");
        }
        return new DatomicUri(text, Storage.DDB_LOCAL, path[2], host(hostPort), port(text, hostPort.group(2)), null);
    }

    private static DatomicUri cass(String text, String rest) {
        String[] path = path(rest);
        if (path.length != 3 || path[2].isEmpty() || !path[1].matches("[^.]+\\.[^.]+")) {
            throw invalid(text, "expected datomic:cass://HOST[:PORT]/KEYSPACE.TABLE/NAME[?user=…&password=…&ssl=…]");
        }
        Matcher hostPort = hostPort(text, path[0], "Cassandra host");
        int port = hostPort.group(2) == null ? CASSANDRA_PORT : port(text, hostPort.group(2));
        return new DatomicUri(text, Storage.CASS, path[2], host(hostPort), port, null);
    }

    /** The path segments before the query string. */
    private static String[] path(String rest) {
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        return path.split("/", -1);
    }

    private static Matcher hostPort(String text, String authority, String what) {
        Matcher m = HOST_PORT.matcher(authority);
        if (authority.isEmpty() || !m.matches()) {
            throw invalid(text, "the " + what + " " + quote(text, authority) + " is malformed");
        }
        return m;
    }

    private static String host(Matcher hostPort) {
        String host = hostPort.group(1);
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    static int port(String text, String port) {
        int value;
        try {
            value = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > 65_535) {
            throw invalid(text, "the port " + quote(text, port) + " is not a number from 1 to 65535");
        }
        return value;
    }

    /**
     * A fragment of {@code text}, in quotes, for an error message; or, if it runs into a secret, a
     * note instead. A password holding a delimiter ('/', '?', '@', ';') cuts the URI in unexpected
     * places, so a "port" or "host" may be a piece of it, which replacing whole secrets would miss.
     * The fragment is shown only when the redacted URI shows it anyway.
     */
    private static String quote(String text, String fragment) {
        String masked = Redaction.literal(fragment, Redaction.secrets(text));
        if (Redaction.uri(text).contains(masked)) {
            return "\"" + masked + "\"";
        }
        return "(not shown: it runs into a secret; percent-encode '/', '?', '@', ':' and ';' in passwords)";
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        // The reason may quote a fragment (a port, a host) that holds a secret out of its context.
        return new IllegalArgumentException("Invalid Datomic URI " + Redaction.uri(text) + ": "
                + Redaction.literal(reason, Redaction.secrets(text)));
    }

    /**
     * Returns the storage protocol.
     *
     * @return the storage
     */
    public Storage storage() {
        return storage;
    }

    /**
     * Returns the database name.
     *
     * @return the name, such as {@code "app"}
     */
    public String database() {
        return database;
    }

    /**
     * Returns the host a peer reaches first: the JDBC server for {@code sql}, the transactor for
     * {@code dev}, the Cassandra or DynamoDB Local host.
     *
     * @return the host; empty for {@code mem}, {@code ddb} (an AWS region) and JDBC URLs whose host
     *     cannot be read
     */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /**
     * Returns the port of {@link #host()}: as written, or the storage's default (5432 for
     * PostgreSQL, 3306 for MySQL and MariaDB, 1433 for SQL Server, 1521 for Oracle, 9042 for
     * Cassandra).
     *
     * @return the port; empty when there is no host
     */
    public OptionalInt port() {
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /**
     * Tells whether the database lives in this process ({@code datomic:mem}).
     *
     * @return {@code true} for {@code mem}
     */
    public boolean isInMemory() {
        return storage == Storage.MEM;
    }

    /**
     * Returns the URI with its secrets, for {@code Peer.connect}. Never log it: use
     * {@link #toString()}.
     *
     * @return the URI as given
     */
    public String connectionString() {
        return connectionString;
    }

    /**
     * Returns the URI with passwords, secret keys and tokens replaced by {@code ***}.
     *
     * @return the redacted URI
     */
    @Override
    public String toString() {
        return Redaction.uri(connectionString);
    }

    /**
     * Compares connection strings.
     *
     * @param other another object
     * @return {@code true} if {@code other} is a URI with the same connection string
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof DatomicUri that && that.connectionString.equals(connectionString);
    }

    /**
     * Hashes the connection string.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return connectionString.hashCode();
    }

    /** A name for what lives at {@link #host()}, for messages: "PostgreSQL storage". */
    String describeStorage() {
        return switch (storage) {
            case MEM -> "in-memory storage";
            case DEV -> "dev transactor";
            case SQL -> jdbc.product() + " storage";
            case DDB -> "DynamoDB storage";
            case DDB_LOCAL -> "DynamoDB Local storage";
            case CASS -> "Cassandra storage";
        };
    }

    /** Removes this URI's secrets from free text, such as the message of an exception that quotes it. */
    String scrub(String text) {
        return Redaction.text(text, secrets);
    }

    /** The host and port of a JDBC URL, for the storages whose URL form is known. */
    record Jdbc(String product, String host, int port) {

        /**
         * {@code jdbc:SUB://[user[:password]@]HOST[:PORT]…}. A password may hold a ';' (RFC 3986
         * allows it in user info, and the redaction masks it there), so the URL of a MySQL user
         * {@code datomic:pa;ss@db} names the host db, not a host datomic with the port "pa".
         */
        private static final Pattern SLASHES = Pattern.compile(
                "jdbc:([a-z0-9]+)(?::[a-z0-9]+)?://(?:[^/:@?;]*:[^/@?]*@|[^/@?;]*@)?(\\[[0-9a-fA-F:.]+]|[^:/?;,]+)(?::(\\d+))?.*",
                Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        /** SQL Server's {@code jdbc:sqlserver://HOST[:PORT];property=value…}: no user info, so no password before an '@'. */
        private static final Pattern SQL_SERVER = Pattern.compile(
                "jdbc:(sqlserver)://(\\[[0-9a-fA-F:.]+]|[^:/?;,@]+)(?::(\\d+))?(?:;.*)?",
                Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        private static final Pattern ORACLE = Pattern.compile(
                "jdbc:oracle:\\w+:(?:[^@]*)@(?://)?([^:/?]+)(?::(\\d+))?.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

        static Jdbc parse(String text, String url) {
            Matcher oracle = ORACLE.matcher(url);
            if (oracle.matches()) {
                return new Jdbc("Oracle", oracle.group(1), portOr(text, oracle.group(2), 1521));
            }
            Matcher m = SQL_SERVER.matcher(url);
            if (!m.matches()) {
                m = SLASHES.matcher(url);
            }
            if (!m.matches()) {
                String sub = url.length() > 5 ? url.substring(5).split("[:/]", 2)[0] : "";
                return new Jdbc(sub.isEmpty() ? "JDBC" : sub, null, -1);
            }
            String sub = m.group(1).toLowerCase(Locale.ROOT);
            String host = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
            return switch (sub) {
                case "postgresql" -> new Jdbc("PostgreSQL", host, portOr(text, m.group(3), 5432));
                case "mysql" -> new Jdbc("MySQL", host, portOr(text, m.group(3), 3306));
                case "mariadb" -> new Jdbc("MariaDB", host, portOr(text, m.group(3), 3306));
                case "sqlserver" -> new Jdbc("SQL Server", host, portOr(text, m.group(3), 1433));
                default -> new Jdbc(sub, host, portOr(text, m.group(3), -1));
            };
        }

        private static int portOr(String text, String port, int otherwise) {
            return port == null ? otherwise : DatomicUri.port(text, port);
        }
    }
}
