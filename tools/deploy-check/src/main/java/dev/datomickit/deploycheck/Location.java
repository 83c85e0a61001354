package dev.datomickit.deploycheck;

import java.nio.file.Path;

/**
 * Where a value was written: the file, the key inside it (a YAML key path such as
 * {@code accessories.db.port} or a properties/secrets key) and the line when known (0 otherwise).
 */
record Location(Path file, String key, int line) {

    static Location of(Path file, String key) {
        return new Location(file, key, 0);
    }

    String display(Path base) {
        String shown = Paths.display(file, base);
        return line > 0 ? shown + ":" + line + ": " + key : shown + ": " + key;
    }
}
