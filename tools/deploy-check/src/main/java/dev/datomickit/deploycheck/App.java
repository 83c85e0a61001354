package dev.datomickit.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployable Kamal app: {@code config/deploy.yml} alone, or merged with one destination file.
 * Two destinations of one project are two apps; on a shared server they must not collide.
 */
final class App {

    /** An environment variable of the app's containers and where its value is written. */
    record EnvValue(String name, String value, Location location) {}

    private final String service;
    private final String destination;
    private final ConfigSource source;
    private final List<Accessory> accessories;
    private final List<EnvValue> env;
    private final List<Finding> unreadable;
    private final List<String> notes;

    App(String service, String destination, ConfigSource source, Map<String, Accessory> accessories, List<EnvValue> env,
            List<Finding> unreadable, List<String> notes) {
        this.service = service;
        this.destination = destination;
        this.source = source;
        this.accessories = List.copyOf(accessories.values());
        this.env = List.copyOf(env);
        this.unreadable = List.copyOf(unreadable);
        this.notes = new ArrayList<>(notes);
    }

    String service() {
        return service;
    }

    /** The Kamal destination, or {@code null} for the base configuration. */
    String destination() {
        return destination;
    }

    /** The file to edit for settings of this app alone: the destination file, else deploy.yml. */
    Path ownFile() {
        return source.overlayFile() != null ? source.overlayFile() : source.baseFile();
    }

    List<Accessory> accessories() {
        return accessories;
    }

    Optional<Accessory> accessory(String name) {
        return accessories.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    Optional<Accessory> byHostname(String host) {
        return accessories.stream().filter(a -> a.hostname().equalsIgnoreCase(host)).findFirst();
    }

    Optional<Accessory> firstOfKind(Accessory.Kind kind) {
        return accessories.stream().filter(a -> a.kind() == kind).findFirst();
    }

    List<EnvValue> env() {
        return env;
    }

    /** Values the loader could not parse (port mappings), reported as findings. */
    List<Finding> unreadable() {
        return unreadable;
    }

    List<String> notes() {
        return notes;
    }

    void note(String note) {
        notes.add(note);
    }

    String label() {
        return destination == null ? service : service + " (destination " + destination + ")";
    }

    Path displayBase() {
        return source.displayBase();
    }
}
