package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The shipped deployment kit, and copies of it for tests that break one thing at a time. Public,
 * and in this module's test-jar, for the reliability suite, which damages copies of the same kit.
 */
public final class Kits {

    private Kits() {}

    /** The checkout's root: the nearest folder above the working directory holding {@code .ci/run}. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".ci/run"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (a folder with .ci/run) above " + Path.of("").toAbsolutePath());
    }

    /** The example service's deployment kit, as shipped. */
    public static Path shipped() {
        return repositoryRoot().resolve("examples/users-service/deploy");
    }

    /** Copies the shipped kit (hidden .kamal/ included) to {@code target} and returns it. */
    public static Path copyOfShipped(Path target) {
        Path source = shipped();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Replaces the only occurrence of {@code from}; fails if the kit no longer contains it exactly once. */
    static void replaceOnce(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            int first = text.indexOf(from);
            assertThat(first).as("%s contains %s", file, from).isNotNegative();
            assertThat(text.indexOf(from, first + 1)).as("%s contains %s only once", file, from).isNegative();
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
