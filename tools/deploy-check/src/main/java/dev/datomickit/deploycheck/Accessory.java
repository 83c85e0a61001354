package dev.datomickit.deploycheck;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Kamal accessory as Docker will run it: its container name (the hostname other containers
 * use), the servers it runs on, what it publishes and mounts, and what it is for.
 */
final class Accessory {

    /** What an accessory is for, which decides the port it listens on and how it may be exposed. */
    enum Kind {
        STORAGE, CACHE, TRANSACTOR, OTHER
    }

    /** A port publication and where it is written. */
    record Binding(PortBinding port, Location location) {}

    /**
     * A host-side volume source: a named Docker volume or a host directory, resolved the way Kamal
     * resolves it (relative {@code directories} live under {@code ~/<container name>/}).
     */
    record Mount(String identity, String description, Location location) {}

    /** A transactor properties file mounted into this accessory. */
    record TransactorConfig(TransactorProperties properties, Location mount) {}

    private static final Pattern MEMCACHED_PORT = Pattern.compile("(?:^|\\s)(?:-p\\s*|--port[=\\s]+)(\\d+)");
    private static final Pattern POSTGRES_PORT = Pattern.compile("(?:^|\\s)(?:-p\\s*|-c\\s+port=)(\\d+)");
    private static final Pattern MYSQL_PORT = Pattern.compile("(?:^|\\s)(?:-P\\s*|--port[=\\s]+)(\\d+)");

    private final String name;
    private final String hostname;
    private final String image;
    private final Set<String> hosts;
    private final List<Binding> bindings;
    private final List<Mount> mounts;
    private final String cmd;
    private final Map<String, String> clearEnv;
    private final List<TransactorConfig> transactorConfigs;
    private final Location location;

    Accessory(String name, String hostname, String image, Set<String> hosts, List<Binding> bindings, List<Mount> mounts,
            String cmd, Map<String, String> clearEnv, List<TransactorConfig> transactorConfigs, Location location) {
        this.name = name;
        this.hostname = hostname;
        this.image = image;
        this.hosts = Set.copyOf(hosts);
        this.bindings = List.copyOf(bindings);
        this.mounts = List.copyOf(mounts);
        this.cmd = cmd == null ? "" : cmd;
        this.clearEnv = Map.copyOf(clearEnv);
        this.transactorConfigs = List.copyOf(transactorConfigs);
        this.location = location;
    }

    String name() {
        return name;
    }

    String hostname() {
        return hostname;
    }

    Set<String> hosts() {
        return hosts;
    }

    List<Binding> bindings() {
        return bindings;
    }

    List<Mount> mounts() {
        return mounts;
    }

    List<TransactorConfig> transactorConfigs() {
        return transactorConfigs;
    }

    /** Where the accessory is defined ({@code accessories.<name>}). */
    Location location() {
        return location;
    }

    Kind kind() {
        String repository = repository();
        if (repository.contains("postgres") || repository.contains("mysql") || repository.contains("mariadb")) {
            return Kind.STORAGE;
        }
        if (repository.contains("memcached")) {
            return Kind.CACHE;
        }
        if (!transactorConfigs.isEmpty() || repository.contains("datomic") || repository.contains("transactor")) {
            return Kind.TRANSACTOR;
        }
        return Kind.OTHER;
    }

    /** What runs in it, for messages: "PostgreSQL", "memcached", "the transactor". */
    String product() {
        String repository = repository();
        return switch (kind()) {
            case STORAGE -> repository.contains("postgres") ? "PostgreSQL" : repository.contains("mariadb") ? "MariaDB" : "MySQL";
            case CACHE -> "memcached";
            case TRANSACTOR -> "the transactor";
            case OTHER -> image.isEmpty() ? "accessory " + name : image;
        };
    }

    /**
     * The port the service listens on inside its container: the product's default unless the
     * accessory's command or environment changes it; the transactor's {@code port=}. Empty when
     * unknown (then the published container ports are taken as given).
     */
    Optional<Integer> listeningPort() {
        String repository = repository();
        return switch (kind()) {
            case STORAGE -> repository.contains("postgres")
                    ? Optional.of(clearEnv.containsKey("PGPORT") ? number(clearEnv.get("PGPORT"), 5432) : portIn(POSTGRES_PORT, 5432))
                    : Optional.of(portIn(MYSQL_PORT, 3306));
            case CACHE -> Optional.of(portIn(MEMCACHED_PORT, 11211));
            case TRANSACTOR -> transactorConfigs.stream()
                    .map(config -> config.properties().get("port"))
                    .flatMap(Optional::stream)
                    .map(entry -> number(entry.value().strip(), 4334))
                    .findFirst()
                    .or(() -> Optional.of(4334));
            case OTHER -> Optional.empty();
        };
    }

    /** The ports other containers can reach: the listening port if known, else the published ones. */
    List<Integer> containerPorts() {
        return listeningPort().map(List::of)
                .orElseGet(() -> bindings.stream().map(b -> b.port().containerPort()).distinct().toList());
    }

    private String repository() {
        String withoutTag = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutTag.lastIndexOf('/');
        String last = withoutTag.substring(slash + 1);
        int colon = last.indexOf(':');
        return (colon < 0 ? last : last.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    private int portIn(Pattern pattern, int fallback) {
        Matcher matcher = pattern.matcher(cmd);
        return matcher.find() ? number(matcher.group(1), fallback) : fallback;
    }

    private static int number(String text, int fallback) {
        try {
            return Endpoint.parsePort(text);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
