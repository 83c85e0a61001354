package dev.datomickit.deploycheck;

import java.util.List;

/**
 * A Datomic connection URI, reduced to what a container must reach over the network.
 *
 * <ul>
 *   <li>{@code datomic:sql://NAME?jdbc:postgresql://host:port/db?user=..&password=..}: the SQL
 *       storage named in the embedded JDBC URL (the peer learns the transactor's address from
 *       storage, so the URI never names the transactor).
 *   <li>{@code datomic:dev://host:port/NAME}: the dev transactor, which also serves its storage.
 *   <li>{@code datomic:mem://NAME}: nothing (in-process).
 * </ul>
 * Other storages (DynamoDB, Cassandra) are accepted and not checked.
 *
 * @param protocol {@code sql}, {@code dev}, {@code mem}, ...
 * @param storage the endpoints of SQL storage (empty for other protocols)
 * @param transactor the dev transactor's endpoint (empty for other protocols)
 */
record DatomicUri(String protocol, List<Endpoint> storage, List<Endpoint> transactor) {

    /** @throws IllegalArgumentException naming what is wrong, without repeating the URI (it may hold a password) */
    static DatomicUri parse(String uri) {
        if (!uri.startsWith("datomic:")) {
            throw new IllegalArgumentException("a Datomic URI starts with datomic:");
        }
        String rest = uri.substring("datomic:".length());
        int separator = rest.indexOf("://");
        if (separator <= 0) {
            throw new IllegalArgumentException("expected datomic:<protocol>://..., such as datomic:sql://NAME?jdbc:...");
        }
        String protocol = rest.substring(0, separator);
        String body = rest.substring(separator + 3);
        return switch (protocol) {
            case "sql" -> sql(body);
            case "dev", "free" -> dev(uri, protocol, body);
            default -> new DatomicUri(protocol, List.of(), List.of());
        };
    }

    private static DatomicUri sql(String body) {
        int question = body.indexOf('?');
        if (question < 0) {
            throw new IllegalArgumentException(
                    "a sql URI is datomic:sql://NAME?jdbc:..., with the JDBC URL after the first '?'");
        }
        if (question == 0) {
            throw new IllegalArgumentException("the database NAME between sql:// and '?' is empty");
        }
        String jdbc = body.substring(question + 1);
        if (!jdbc.startsWith("jdbc:")) {
            throw new IllegalArgumentException("after datomic:sql://NAME? comes a JDBC URL (jdbc:...)");
        }
        return new DatomicUri("sql", JdbcUrl.parse(jdbc).endpoints(), List.of());
    }

    private static DatomicUri dev(String uri, String protocol, String body) {
        int slash = body.indexOf('/');
        if (slash <= 0 || slash == body.length() - 1) {
            throw new IllegalArgumentException("a " + protocol + " URI is datomic:" + protocol + "://host:port/NAME");
        }
        return new DatomicUri(protocol, List.of(), List.of(Endpoint.parseIn(uri, body.substring(0, slash), null)));
    }
}
