package dev.datomickit.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints the figures of every case once the run is over, and writes them to
 * {@code target/reliability.md}. Registered with the JUnit Platform as a service, so Surefire and
 * IDEs pick it up without configuration.
 */
public final class ReliabilityReport implements LauncherSessionListener {

    /** Prints the table, if any case ran in this session. */
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (Figures.rows().isEmpty()) {
            return;
        }
        String report = String.format(Locale.ROOT, "Reliability suite, %s, seed %d, scale %s:%n%n%s",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), Load.SEED,
                Load.SCALE, Figures.table());
        System.out.println();
        System.out.println(report);
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("reliability.md"), report);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
