package dev.datomickit.deploycheck;

import java.nio.file.Path;

/** File names as the user typed them: relative to the working directory where possible. */
final class Paths {

    private Paths() {}

    static String display(Path file, Path base) {
        Path absolute = file.toAbsolutePath().normalize();
        if (base != null && absolute.startsWith(base)) {
            return base.relativize(absolute).toString();
        }
        return absolute.toString();
    }

    static Path workingDirectory() {
        return Path.of("").toAbsolutePath().normalize();
    }
}
