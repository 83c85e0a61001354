package dev.datomickit.core.env;

import dev.datomickit.core.DatomicKitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
 * show the URI with passwords, secret keys and tokens replaced by {@code ***}, found by the
 * grammar of each form ({@linkplain #redact(String) which ones}), never by searching for the
 * password's text. Only {@link #connectionString()} returns the secret text, for
 * {@code Peer.connect}. Two URIs are equal when their connection strings are.
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
    private static final Pattern URI_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final int CASSANDRA_PORT = 9042;
    /** The longest fragment of a URI an error message quotes. */
    private static final int QUOTED_FRAGMENT_LIMIT = 100;
    /** The longest host name DNS allows. */
    private static final int HOST_LIMIT = 253;
    private static final String ADVICE = "percent-encode '/', '?', '@', ':' and ';' in passwords";

    private final String connectionString;
    private final Storage storage;
    private final String database;
    private final String host;
    private final int port;
    private final Jdbc jdbc;

    private DatomicUri(String connectionString, Storage storage, String database, String host, int port, Jdbc jdbc) {
        this.connectionString = connectionString;
        this.storage = storage;
        this.database = database;
        this.host = host;
        this.port = port;
        this.jdbc = jdbc;
    }

    /**
     * Parses a Datomic URI.
     *
     * @param uri the URI, such as {@code datomic:dev://localhost:4334/app?password=…}
     * @return the parsed URI
     * @throws IllegalArgumentException if {@code uri} is not a Datomic URI of a supported storage
     *     or lacks a part, saying which part and showing the URI with its secrets redacted (text
     *     that does not even look like a URI, such as a password put in the wrong setting, is not
     *     shown at all); also when the host or port would be read from inside a password (a
     *     password holding an unencoded '/', '?', '@', ':' or ';'), as the storage's driver would
     *     misread it too
     */
    public static DatomicUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("No Datomic URI given (" + (uri == null ? "null" : "blank")
                    + "); expected datomic:<storage>://…, such as datomic:mem://app or"
                    + " datomic:sql://app?jdbc:postgresql://db:5432/datomic?user=datomic&password=…");
        }
        Source text = new Source(uri.strip());
        if (!text.text.startsWith("datomic:")) {
            throw text.invalid("it does not start with datomic:; expected datomic:<storage>://…, such as"
                    + " datomic:mem://app or datomic:dev://localhost:4334/app");
        }
        int separator = text.text.indexOf("://");
        if (separator < 0) {
            throw text.invalid("\"://\" is missing after the storage; expected datomic:<storage>://…");
        }
        String protocol = text.text.substring("datomic:".length(), separator).toLowerCase(Locale.ROOT);
        int base = separator + 3;
        return switch (protocol) {
            case "mem" -> mem(text, base);
            case "dev" -> dev(text, base);
            case "sql" -> sql(text, base);
            case "ddb" -> ddb(text, base);
            case "ddb-local" -> ddbLocal(text, base);
            case "cass" -> cass(text, base);
            case "free" -> throw text.invalid("datomic:free is the storage of Datomic Free, which the Datomic Pro"
                    + " peer does not support; run a dev transactor and use datomic:dev://HOST:4334/NAME");
            default -> throw text.invalid("unknown storage " + text.quote("datomic:".length(), separator)
                    + "; expected one of mem, dev, sql, ddb, ddb-local, cass");
        };
    }

    /**
     * Redacts text that is or quotes connection strings, even ones that do not parse: for logs
     * and messages. Secrets are found by the structure around them, never by their content, in
     * time linear in the length of the text. What is recognised: parameters whose name contains
     * {@code password}, {@code pwd}, {@code secret}, {@code token}, {@code credential} or an API
     * or private key ({@code password=}, {@code password1=}, {@code aws_secret_key=},
     * {@code -Ddatomic.memcachedPassword=}), with their values as each grammar delimits them (a
     * URL query at {@code &}, SQL Server's {@code ;} list with {@code {braced}} values, a
     * properties or dotenv line at its end, a quoted value at its closing quote);
     * {@code user:password@} user info; Oracle's {@code user/password@} and
     * {@code user/"quoted password"@}; whatever stands before an {@code @} in a URL too damaged
     * for those forms (more is masked rather than less); EDN {@code :password "…"} and JSON
     * {@code "password": "…"}. A blank ends a word and an unquoted value, except in SQL Server's
     * list, whose values may hold blanks.
     *
     * @param text any text that may be or contain a connection string
     * @return the text with passwords, secret keys and tokens replaced by {@code ***};
     *     {@code "null"} for {@code null}
     */
    public static String redact(String text) {
        return text == null ? "null" : Redaction.text(text);
    }

    /**
     * Copies an exception chain with every message {@linkplain #redact(String) redacted}, for a
     * failure whose messages may quote a connection string, such as one thrown by
     * {@code Peer.createDatabase}. The copies keep the stack traces and, in {@code toString()} and
     * so in printed stack traces, the original exception types; the originals are not attached,
     * since their messages may hold secrets. At most 20 causes are copied.
     *
     * @param failure the exception thrown
     * @return a copy safe to log or to attach as a cause
     */
    public static DatomicKitException redactedCopy(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < 20; t = t.getCause()) {
            chain.add(t);
        }
        DatomicKitException copy = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable original = chain.get(i);
            RedactedFailure redacted = new RedactedFailure(original.getClass().getName(),
                    Redaction.text(String.valueOf(original.getMessage())), copy);
            redacted.setStackTrace(original.getStackTrace());
            copy = redacted;
        }
        return copy;
    }

    /** A copy of an exception whose message is redacted; it shows the original type in stack traces. */
    private static final class RedactedFailure extends DatomicKitException {

        private static final long serialVersionUID = 1L;

        private final String type;

        RedactedFailure(String type, String message, Throwable cause) {
            super(message, cause);
            this.type = type;
        }

        @Override
        public String toString() {
            return type + ": " + getMessage();
        }
    }

    private static DatomicUri mem(Source text, int base) {
        String name = text.text.substring(base);
        if (name.isEmpty() || name.contains("/") || name.contains("?")) {
            throw text.invalid("expected datomic:mem://NAME with a database name and nothing else");
        }
        return new DatomicUri(text.text, Storage.MEM, name, null, -1, null);
    }

    private static DatomicUri dev(Source text, int base) {
        String[] path = path(text.text.substring(base));
        if (path.length != 2 || path[1].isEmpty()) {
            throw text.invalid("expected datomic:dev://HOST:PORT/NAME[?password=…], with the transactor's host and"
                    + " port and a database name");
        }
        Matcher hostPort = hostPort(text, base, path[0], "transactor host:port");
        if (hostPort.group(2) == null) {
            throw text.invalid("the transactor port is missing; expected datomic:dev://HOST:PORT/NAME"
                    + " (the transactor's port, 4334 by default)");
        }
        return new DatomicUri(text.text, Storage.DEV, path[1], host(text, base, hostPort),
                port(text, base + hostPort.start(2), hostPort.group(2)), null);
    }

    private static DatomicUri sql(Source text, int base) {
        String rest = text.text.substring(base);
        int question = rest.indexOf('?');
        String name = question < 0 ? rest : rest.substring(0, question);
        if (name.isEmpty() || name.contains("/")) {
            throw text.invalid("expected datomic:sql://NAME?jdbc:…, with the database name before the '?'");
        }
        String jdbcUrl = question < 0 ? "" : rest.substring(question + 1);
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw text.invalid("the JDBC URL is missing after " + text.quote(0, base + name.length() + 1)
                    + "; expected for example datomic:sql://" + (text.touchesSecret(base, base + name.length())
                            ? "NAME" : name) + "?jdbc:postgresql://HOST:5432/datomic?user=datomic&password=…");
        }
        Jdbc jdbc = Jdbc.parse(text, jdbcUrl, base + question + 1);
        return new DatomicUri(text.text, Storage.SQL, name, jdbc.host(), jdbc.port(), jdbc);
    }

    private static DatomicUri ddb(Source text, int base) {
        String[] path = path(text.text.substring(base));
        if (path.length != 3 || path[0].isEmpty() || path[1].isEmpty() || path[2].isEmpty()) {
            throw text.invalid("expected datomic:ddb://REGION/TABLE/NAME, such as datomic:ddb://us-east-1/datomic/app");
        }
        return new DatomicUri(text.text, Storage.DDB, path[2], null, -1, null);
    }

    private static DatomicUri ddbLocal(Source text, int base) {
        String[] path = path(text.text.substring(base));
        if (path.length != 3 || path[1].isEmpty() || path[2].isEmpty()) {
            throw text.invalid("expected datomic:ddb-local://HOST:PORT/TABLE/NAME");
        }
        Matcher hostPort = hostPort(text, base, path[0], "DynamoDB Local host:port");
        if (hostPort.group(2) == null) {
            throw text.invalid("the DynamoDB Local port is missing; expected datomic:ddb-local://HOST:PORT/TABLE/NAME");
        }
        return new DatomicUri(text.text, Storage.DDB_LOCAL, path[2], host(text, base, hostPort),
                port(text, base + hostPort.start(2), hostPort.group(2)), null);
    }

    private static DatomicUri cass(Source text, int base) {
        String[] path = path(text.text.substring(base));
        if (path.length != 3 || path[2].isEmpty() || !path[1].matches("[^.]+\\.[^.]+")) {
            throw text.invalid("expected datomic:cass://HOST[:PORT]/KEYSPACE.TABLE/NAME[?user=…&password=…&ssl=…]");
        }
        Matcher hostPort = hostPort(text, base, path[0], "Cassandra host");
        int port = hostPort.group(2) == null ? CASSANDRA_PORT : port(text, base + hostPort.start(2), hostPort.group(2));
        return new DatomicUri(text.text, Storage.CASS, path[2], host(text, base, hostPort), port, null);
    }

    /** The path segments before the query string. */
    private static String[] path(String rest) {
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        return path.split("/", -1);
    }

    /** Matches the authority that starts at {@code base} of the text. */
    private static Matcher hostPort(Source text, int base, String authority, String what) {
        Matcher m = HOST_PORT.matcher(authority);
        if (authority.isEmpty() || !m.matches()) {
            throw text.invalid("the " + what + " " + text.quote(base, base + authority.length()) + " is malformed");
        }
        return m;
    }

    private static String host(Source text, int base, Matcher hostPort) {
        return text.host(base + hostPort.start(1), base + hostPort.end(1));
    }

    /** The port written at {@code from} of the text. */
    static int port(Source text, int from, String port) {
        int value;
        try {
            value = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > 65_535) {
            throw text.invalid("the port " + text.quote(from, from + port.length()) + " is not a number from 1 to 65535");
        }
        if (text.touchesSecret(from, from + port.length())) {
            throw text.invalid("the port cannot be read without showing part of a password; " + ADVICE);
        }
        return value;
    }

    /**
     * A URI being parsed, with where its secrets are: what parts of it a message may quote, and
     * whether a host or port was read from inside a password.
     */
    static final class Source {

        final String text;
        private final int[] secrets;

        Source(String text) {
            this.text = text;
            this.secrets = Redaction.spans(text, false);
        }

        boolean touchesSecret(int from, int to) {
            return Redaction.overlaps(secrets, from, to);
        }

        /**
         * The part {@code [from, to)} in quotes, for an error message; or, if it runs into a
         * secret, a note instead. A password holding a delimiter ('/', '?', '@', ';') cuts the URI
         * in unexpected places, so a "port" or "host" may be a piece of it.
         */
        String quote(int from, int to) {
            if (touchesSecret(from, to)) {
                return "(not shown: it runs into a secret; " + ADVICE + ")";
            }
            if (to - from > QUOTED_FRAGMENT_LIMIT) {
                return "(" + (to - from) + " characters, not shown)";
            }
            return "\"" + text.substring(from, to) + "\"";
        }

        /** The host written at {@code [from, to)}, brackets removed from an IPv6 address. */
        String host(int from, int to) {
            if (touchesSecret(from, to)) {
                throw invalid("the host cannot be read without showing part of a password; " + ADVICE
                        + " (for Oracle, put the password in double quotes)");
            }
            if (to - from > HOST_LIMIT) {
                throw invalid("the host has " + (to - from) + " characters; a host name has at most " + HOST_LIMIT);
            }
            String host = text.substring(from, to);
            return host.length() >= 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }

        /**
         * An error naming the URI, redacted, and what is wrong; a text that does not even look
         * like a URI (perhaps a password put in the wrong setting) is not shown at all.
         */
        IllegalArgumentException invalid(String reason) {
            String shown = URI_LIKE.matcher(text).matches() && (text.contains("://") || text.startsWith("jdbc:"))
                    ? Redaction.mask(text, secrets)
                    : "(" + text.length() + " characters, not shown: it does not look like a URI, and may be a"
                            + " secret put in the wrong setting)";
            return new IllegalArgumentException("Invalid Datomic URI " + shown + ": " + reason);
        }
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

    /** Removes secrets from free text, such as the message of an exception that quotes this URI. */
    String scrub(String text) {
        return Redaction.text(text);
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
        private static final Pattern ORACLE_PREFIX = Pattern.compile("jdbc:oracle:\\w+:", Pattern.CASE_INSENSITIVE);
        private static final Pattern ORACLE_HOST = Pattern.compile("([^:/?]+)(?::(\\d+))?");

        /** Parses the JDBC URL that starts at {@code offset} of the text. */
        static Jdbc parse(Source text, String url, int offset) {
            Matcher oracle = ORACLE_PREFIX.matcher(url);
            if (oracle.lookingAt()) {
                return oracle(text, url, offset, oracle.end());
            }
            Matcher m = SQL_SERVER.matcher(url);
            if (!m.matches()) {
                m = SLASHES.matcher(url);
            }
            if (!m.matches()) {
                String sub = url.length() > 5 ? url.substring(5).split("[:/]", 2)[0] : "";
                return new Jdbc(sub.isEmpty() || text.touchesSecret(offset + 5, offset + 5 + sub.length())
                        ? "JDBC" : sub, null, -1);
            }
            String sub = m.group(1).toLowerCase(Locale.ROOT);
            String host = text.host(offset + m.start(2), offset + m.end(2));
            int portAt = offset + (m.group(3) == null ? 0 : m.start(3));
            return switch (sub) {
                case "postgresql" -> new Jdbc("PostgreSQL", host, portOr(text, portAt, m.group(3), 5432));
                case "mysql" -> new Jdbc("MySQL", host, portOr(text, portAt, m.group(3), 3306));
                case "mariadb" -> new Jdbc("MariaDB", host, portOr(text, portAt, m.group(3), 3306));
                case "sqlserver" -> new Jdbc("SQL Server", host, portOr(text, portAt, m.group(3), 1433));
                default -> new Jdbc(sub, host, portOr(text, portAt, m.group(3), -1));
            };
        }

        /**
         * {@code jdbc:oracle:DRIVER:[user][/password]@[//]HOST[:PORT]…}, where the user and the
         * password may be in double quotes and then hold '@', '/' and blanks. Without a host
         * after the '@' (a TNS alias, a descriptor), there is no host to check.
         */
        private static Jdbc oracle(Source text, String url, int offset, int start) {
            int at = start;
            at = url.startsWith("\"", at) ? closeQuote(url, at) : skipTo(url, at, "/@");
            if (at < url.length() && url.charAt(at) == '/') {
                at++;
                at = url.startsWith("\"", at) ? closeQuote(url, at) : skipTo(url, at, "@");
            }
            if (at >= url.length() || url.charAt(at) != '@') {
                return new Jdbc("Oracle", null, -1);
            }
            at++;
            if (url.startsWith("//", at)) {
                at += 2;
            }
            Matcher m = ORACLE_HOST.matcher(url).region(at, url.length());
            if (!m.lookingAt()) {
                return new Jdbc("Oracle", null, -1);
            }
            String host = text.host(offset + m.start(1), offset + m.end(1));
            return new Jdbc("Oracle", host, portOr(text, offset + (m.group(2) == null ? 0 : m.start(2)), m.group(2), 1521));
        }

        /** The index after the quote that closes the one at {@code open}, or the end. */
        private static int closeQuote(String url, int open) {
            int close = url.indexOf('"', open + 1);
            return close < 0 ? url.length() : close + 1;
        }

        private static int skipTo(String url, int from, String stops) {
            int at = from;
            while (at < url.length() && stops.indexOf(url.charAt(at)) < 0) {
                at++;
            }
            return at;
        }

        private static int portOr(Source text, int at, String port, int otherwise) {
            return port == null ? otherwise : DatomicUri.port(text, at, port);
        }
    }
}
