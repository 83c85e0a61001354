package dev.datomickit.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every place one container connects to another: Datomic and JDBC URIs and the memcached
 * setting in the app's environment, and the transactor's {@code sql-url}, {@code memcached},
 * {@code host} and {@code port}. On the kamal Docker network an accessory is reached by its
 * container name, {@code {service}-{accessory}}, at the port it listens on inside its container.
 */
final class ConnectionCheck {

    /** A host:port one container uses to reach another, and where it is written. */
    private record Reference(String what, Endpoint endpoint, Accessory.Kind expected, Location location) {}

    private static final Pattern MEMCACHED_SERVERS = Pattern.compile("-Ddatomic\\.memcachedServers=(\\S*)");

    private final App app;
    private final List<App> allApps;
    private final List<Finding> findings = new ArrayList<>();

    private ConnectionCheck(App app, List<App> allApps) {
        this.app = app;
        this.allApps = allApps;
    }

    static List<Finding> check(App app, List<App> allApps) {
        ConnectionCheck check = new ConnectionCheck(app, allApps);
        check.run();
        return check.findings;
    }

    private void run() {
        List<Reference> references = new ArrayList<>();
        boolean hasDatomicUri = false;
        for (App.EnvValue env : app.env()) {
            hasDatomicUri |= env.value().startsWith("datomic:");
            references.addAll(fromEnvironment(env));
        }
        for (Accessory accessory : app.accessories()) {
            for (Accessory.TransactorConfig config : accessory.transactorConfigs()) {
                references.addAll(fromProperties(config.properties()));
                checkTransactorHost(accessory, config.properties());
            }
            checkPublishedContainerPorts(accessory);
        }
        references.forEach(this::checkReference);
        if (!hasDatomicUri && app.accessories().stream().anyMatch(a -> a.kind() == Accessory.Kind.TRANSACTOR)) {
            app.note(Paths.display(app.ownFile(), app.displayBase()) + ": no environment variable of " + app.label()
                    + " holds a datomic: URI, so its peers are not told where the database is");
        }
    }

    private List<Reference> fromEnvironment(App.EnvValue env) {
        List<Reference> references = new ArrayList<>();
        String value = env.value();
        try {
            if (value.startsWith("datomic:")) {
                DatomicUri uri = DatomicUri.parse(value);
                uri.storage().forEach(e -> references.add(
                        new Reference(env.name() + " (its JDBC URL)", e, Accessory.Kind.STORAGE, env.location())));
                uri.transactor().forEach(e -> references.add(
                        new Reference(env.name(), e, Accessory.Kind.TRANSACTOR, env.location())));
            } else if (value.startsWith("jdbc:")) {
                JdbcUrl.parse(value).endpoints().forEach(e -> references.add(
                        new Reference(env.name(), e, Accessory.Kind.STORAGE, env.location())));
            }
        } catch (IllegalArgumentException e) {
            findings.add(new Finding(Rule.UNREADABLE, env.location(), env.name() + " is not a connection string the"
                    + " checker can read: " + e.getMessage() + ".", "write it as " + exampleUri()));
        }
        Matcher memcached = MEMCACHED_SERVERS.matcher(value);
        while (memcached.find()) {
            references.addAll(memcachedServers(env.name() + " (-Ddatomic.memcachedServers)", memcached.group(1),
                    env.location()));
        }
        return references;
    }

    private List<Reference> fromProperties(TransactorProperties properties) {
        List<Reference> references = new ArrayList<>();
        boolean sql = properties.get("protocol").map(p -> p.value().strip().equals("sql")).orElse(true);
        properties.get("sql-url").filter(url -> sql).ifPresent(url -> {
            Location location = new Location(properties.file(), "sql-url", url.line());
            try {
                JdbcUrl.parse(url.value().strip()).endpoints().forEach(e -> references.add(
                        new Reference("sql-url", e, Accessory.Kind.STORAGE, location)));
            } catch (IllegalArgumentException e) {
                findings.add(new Finding(Rule.UNREADABLE, location, "sql-url is not a JDBC URL the checker can read: "
                        + e.getMessage() + ".", "write it as " + exampleJdbcUrl()));
            }
        });
        properties.get("memcached").ifPresent(servers -> references.addAll(memcachedServers("memcached",
                servers.value().strip(), new Location(properties.file(), "memcached", servers.line()))));
        return references;
    }

    private List<Reference> memcachedServers(String what, String servers, Location location) {
        List<Reference> references = new ArrayList<>();
        for (String server : servers.split(",")) {
            try {
                references.add(new Reference(what, Endpoint.parse(server.strip(), null), Accessory.Kind.CACHE, location));
            } catch (IllegalArgumentException e) {
                findings.add(new Finding(Rule.UNREADABLE, location, what + " lists a server the checker cannot read: "
                        + e.getMessage() + ".", "list servers as host:port, such as " + suggestion(Accessory.Kind.CACHE)
                        .orElse(app.service() + "-memcached:11211")));
            }
        }
        return references;
    }

    private void checkReference(Reference reference) {
        Endpoint endpoint = reference.endpoint();
        if (endpoint.hostIsPlaceholder()) {
            app.note(reference.location().display(app.displayBase()) + ": the host of " + reference.what()
                    + " is filled in at deploy time, so it was not checked");
            return;
        }
        Optional<Accessory> target = app.byHostname(endpoint.host());
        if (target.isPresent()) {
            checkPort(reference, target.get());
            return;
        }
        String host = endpoint.host();
        for (App other : allApps) {
            Optional<Accessory> foreign = other == app ? Optional.empty() : other.byHostname(host);
            if (foreign.isPresent()) {
                report(Rule.HOSTNAME, reference.location(), reference.what() + " connects to " + host + ", the "
                        + foreign.get().product() + " of another app, " + other.label() + "; each app must use its own"
                        + " accessories.", useInstead(reference));
                return;
            }
        }
        String prefix = app.service() + "-";
        if (host.regionMatches(true, 0, prefix, 0, prefix.length()) && host.length() > prefix.length()) {
            String missing = host.substring(prefix.length());
            String defined = app.accessories().isEmpty() ? "none"
                    : String.join(", ", app.accessories().stream().map(Accessory::name).toList());
            report(Rule.MISSING_ACCESSORY, reference.location(), reference.what() + " connects to " + host
                    + ", the container name of an accessory '" + missing + "', but " + app.label()
                    + " defines no such accessory (accessories: " + defined + "), so the name does not resolve.",
                    suggestion(reference.expected()).map(s -> "use " + s).orElse("add an accessory named '" + missing
                            + "' (for memcached: image memcached, port \"127.0.0.1:11211:11211\") or remove the setting"));
            return;
        }
        String why = isLoopback(host) ? " Inside a container, " + host + " is that container itself." : "";
        report(Rule.HOSTNAME, reference.location(), reference.what() + " connects to host " + host + ", which is not"
                + " the container name of any accessory of " + app.service() + ". On the kamal network an accessory is"
                + " reached as {service}-{accessory}." + why, useInstead(reference));
    }

    private void checkPort(Reference reference, Accessory target) {
        Integer port = reference.endpoint().port();
        List<Integer> listening = target.containerPorts();
        if (port == null || listening.isEmpty() || listening.contains(port)) {
            return;
        }
        int expected = listening.get(0);
        Optional<Accessory.Binding> published = target.bindings().stream()
                .filter(b -> Objects.equals(b.port().hostPort(), port)).findFirst();
        String problem = published
                .map(b -> reference.what() + " connects to " + reference.endpoint().display() + ", the host port "
                        + target.hostname() + " publishes (\"" + b.port().text() + "\" at " + b.location().key()
                        + "). Containers reach each other over the kamal network, where " + target.product()
                        + " listens on its container port " + expected + ".")
                .orElse(reference.what() + " connects to " + reference.endpoint().display() + ", but "
                        + target.product() + " listens on port " + expected + " inside " + target.hostname() + ".");
        report(Rule.CONTAINER_PORT, reference.location(), problem, "use " + target.hostname() + ":" + expected);
    }

    /** The transactor advertises {@code host=} to peers through storage, so it must be its container name. */
    private void checkTransactorHost(Accessory transactor, TransactorProperties properties) {
        Optional<TransactorProperties.Entry> host = properties.get("host");
        String fix = "host=" + transactor.hostname();
        if (host.isEmpty()) {
            report(Rule.TRANSACTOR_HOST, new Location(properties.file(), "host", 0), "host= is missing; the transactor"
                    + " needs it to bind and to tell peers (through storage) where to connect.", fix);
            return;
        }
        String value = host.get().value().strip();
        String altHost = properties.get("alt-host").map(e -> e.value().strip()).orElse("");
        boolean wildcard = value.equals("0.0.0.0") || value.equals("::");
        if (Endpoint.isPlaceholder(value) || value.equalsIgnoreCase(transactor.hostname())
                || (wildcard && altHost.equalsIgnoreCase(transactor.hostname()))) {
            return;
        }
        String why = isLoopback(value) ? " Peers would each connect to their own container."
                : wildcard ? " 0.0.0.0 binds every interface but is no address a peer can connect to (or add alt-host="
                        + transactor.hostname() + ")."
                        : "";
        report(Rule.TRANSACTOR_HOST, new Location(properties.file(), "host", host.get().line()), "host=" + value
                + " differs from the transactor's container name " + transactor.hostname() + ". The transactor writes"
                + " host= into storage as the address peers connect to, and other containers reach it only by that"
                + " name." + why, fix);
    }

    /** A published container port must be the one the service listens on, or the mapping leads nowhere. */
    private void checkPublishedContainerPorts(Accessory accessory) {
        Optional<Integer> listening = accessory.listeningPort();
        if (listening.isEmpty()) {
            return;
        }
        int port = listening.get();
        for (Accessory.Binding binding : accessory.bindings()) {
            PortBinding published = binding.port();
            if (published.containerPort() == port) {
                continue;
            }
            Optional<TransactorProperties> declaring = accessory.transactorConfigs().stream()
                    .map(Accessory.TransactorConfig::properties)
                    .filter(p -> p.get("port").isPresent())
                    .findFirst();
            if (declaring.isPresent() && Objects.equals(published.hostPort(), port)) {
                int line = declaring.get().get("port").orElseThrow().line();
                report(Rule.CONTAINER_PORT, new Location(declaring.get().file(), "port", line),
                        "port=" + port + " is the host port of " + binding.location().key() + " (\"" + published.text()
                                + "\"). The transactor listens on port= inside its container, and peers connect to it"
                                + " there, so port= must be the container port " + published.containerPort() + ".",
                        "port=" + published.containerPort());
                continue;
            }
            int hostPort = published.hostPort() == null ? published.containerPort() : published.hostPort();
            report(Rule.CONTAINER_PORT, binding.location(), accessory.hostname() + " publishes container port "
                    + published.containerPort() + " (\"" + published.text() + "\"), but " + accessory.product()
                    + " listens on port " + port + " inside the container, so the mapping leads nowhere. Only the host"
                    + " port may differ between apps; the container port stays " + port + ".",
                    "\"" + published.withPorts(hostPort, port) + "\"");
        }
    }

    private String useInstead(Reference reference) {
        return suggestion(reference.expected()).map(s -> "use " + s)
                .orElse("use the container name of the accessory it means: " + app.service() + "-<accessory>");
    }

    /** {@code host:port} of this app's accessory of the given kind. */
    private Optional<String> suggestion(Accessory.Kind kind) {
        return app.firstOfKind(kind).map(a -> a.hostname()
                + (a.containerPorts().isEmpty() ? "" : ":" + a.containerPorts().get(0)));
    }

    private String exampleJdbcUrl() {
        return "jdbc:postgresql://" + suggestion(Accessory.Kind.STORAGE).orElse(app.service() + "-db:5432") + "/datomic";
    }

    private String exampleUri() {
        return "datomic:sql://<db-name>?" + exampleJdbcUrl() + "?user=datomic&password=...";
    }

    private void report(Rule rule, Location location, String problem, String fix) {
        boolean inherited = app.destination() != null && !location.file().equals(app.ownFile())
                && location.file().getFileName().toString().matches(".*\\.ya?ml");
        String where = inherited ? " (for destination " + app.destination() + ", override it in "
                + Paths.display(app.ownFile(), app.displayBase()) + ")" : "";
        findings.add(new Finding(rule, location, problem, fix + where));
    }

    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}
