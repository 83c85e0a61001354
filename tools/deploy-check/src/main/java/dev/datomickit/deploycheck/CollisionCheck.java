package dev.datomickit.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several apps (or destinations) on one server share its host ports, Docker volumes, host
 * directories and container names. Each clash is reported once, at the later of the two places
 * (in the order the apps were given), with a free alternative.
 */
final class CollisionCheck {

    /** An accessory with the app it belongs to. */
    private record Placed(App app, Accessory accessory) {}

    private CollisionCheck() {}

    static List<Finding> check(List<App> apps) {
        List<Placed> placed = new ArrayList<>();
        apps.forEach(app -> app.accessories().forEach(a -> placed.add(new Placed(app, a))));
        List<Finding> findings = new ArrayList<>();
        for (int j = 0; j < placed.size(); j++) {
            for (int i = 0; i < j; i++) {
                compare(placed.get(i), placed.get(j), placed, findings);
            }
        }
        return findings;
    }

    private static void compare(Placed first, Placed second, List<Placed> all, List<Finding> findings) {
        Set<String> shared = new TreeSet<>(first.accessory().hosts());
        shared.retainAll(second.accessory().hosts());
        if (shared.isEmpty()) {
            return;
        }
        String server = shared.iterator().next();
        Accessory a = first.accessory();
        Accessory b = second.accessory();
        String other = a.hostname() + " of " + first.app().label();
        if (first.app() != second.app() && a.hostname().equalsIgnoreCase(b.hostname())) {
            findings.add(new Finding(Rule.COLLISION, b.location(), "the container name " + b.hostname() + " is also used"
                    + " by " + other + " on " + server + ": the second `kamal accessory boot` fails, or both apps end up"
                    + " on one container.", "give " + second.app().label() + " a service name of its own (accessory"
                    + " containers are named {service}-{accessory})"));
            return; // ports and volumes of a same-named pair clash as a consequence
        }
        for (Accessory.Binding later : b.bindings()) {
            for (Accessory.Binding earlier : a.bindings()) {
                if (later.port().clashesWith(earlier.port())) {
                    int free = freePort(server, later.port().hostPort(), all);
                    findings.add(new Finding(Rule.COLLISION, later.location(), "host port " + later.port().hostPort()
                            + " on " + server + " is already published by " + other + " (\"" + earlier.port().text()
                            + "\" at " + where(earlier.location(), first.app()) + "); a host port can be bound only"
                            + " once, so " + b.hostname() + " would fail to start.",
                            "\"" + later.port().withPorts(free, later.port().containerPort()) + "\": a free host port,"
                                    + " the same container port"));
                }
            }
        }
        for (Accessory.Mount later : b.mounts()) {
            for (Accessory.Mount earlier : a.mounts()) {
                if (later.identity().equals(earlier.identity())) {
                    findings.add(new Finding(Rule.COLLISION, later.location(), later.description() + " on " + server
                            + " is also mounted by " + other + " (" + where(earlier.location(), first.app()) + "); two"
                            + " containers writing one data directory corrupt each other's data.",
                            "use a name of its own, such as " + b.hostname() + "-data"));
                }
            }
        }
    }

    private static String where(Location location, App app) {
        return Paths.display(location.file(), app.displayBase()) + " " + location.key();
    }

    /** The next host port above {@code from} that nothing on {@code server} publishes. */
    private static int freePort(String server, int from, List<Placed> all) {
        Set<Integer> used = new TreeSet<>();
        all.stream().filter(p -> p.accessory().hosts().contains(server))
                .flatMap(p -> p.accessory().bindings().stream())
                .forEach(b -> {
                    if (b.port().hostPort() != null) {
                        used.add(b.port().hostPort());
                    }
                });
        int port = from + 1;
        while (used.contains(port)) {
            port++;
        }
        return port;
    }
}
