package dev.datomickit.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of a JDBC URL the checker needs: the database product and the hosts it connects to.
 * Understands the {@code jdbc:<product>://host[:port][,host[:port]...]/database?params} form used
 * by PostgreSQL, MySQL and MariaDB, and PostgreSQL's host-less {@code jdbc:postgresql:database}.
 *
 * @param product {@code postgresql}, {@code mysql}, ...
 * @param endpoints the hosts, with the product's default port where none is written; empty when
 *     the URL has a form this class does not read (it is then not checked)
 */
record JdbcUrl(String product, List<Endpoint> endpoints) {

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of(
            "postgresql", 5432, "pgsql", 5432, "mysql", 3306, "mariadb", 3306);

    /** @throws IllegalArgumentException naming what is wrong */
    static JdbcUrl parse(String url) {
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a JDBC URL starts with jdbc:");
        }
        String rest = url.substring("jdbc:".length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected jdbc:<database>://host:port/name");
        }
        String product = rest.substring(0, colon);
        String target = rest.substring(colon + 1);
        Integer defaultPort = DEFAULT_PORTS.get(product);
        if (!target.startsWith("//")) {
            boolean hostless = defaultPort != null && product.contains("postgres");
            return new JdbcUrl(product, hostless ? List.of(new Endpoint("localhost", defaultPort, false)) : List.of());
        }
        String authority = target.substring(2);
        int end = indexOfAny(authority, "/?");
        authority = end < 0 ? authority : authority.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1); // user:password@ (MySQL) never reaches a finding
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("the URL names no host after //");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String host : authority.split(",", -1)) {
            endpoints.add(Endpoint.parseIn(url, host, defaultPort));
        }
        return new JdbcUrl(product, List.copyOf(endpoints));
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
