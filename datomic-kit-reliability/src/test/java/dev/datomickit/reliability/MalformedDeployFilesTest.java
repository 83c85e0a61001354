package dev.datomickit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datomickit.deploycheck.DeployCheck;
import dev.datomickit.deploycheck.Kits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example service's deploy kit, damaged at random and checked with deploy-check's entry point,
 * in process. Each round writes a password somewhere (inline in the YAML, in a properties file, in
 * a secrets file, inside a connection string that may itself be broken), then breaks one to three
 * things: YAML syntax, a deleted line, a value of the wrong type, a shifted indentation, a doubled
 * line, a file cut short, binary garbage, an empty file. Whatever the damage, the checker returns
 * 0, 1 with findings or 2 with a one-line message naming the file; it never throws, never prints a
 * stack trace, and never prints any five consecutive characters of the password.
 */
class MalformedDeployFilesTest {

    private static final List<String> FILES = List.of("config/deploy.yml", "config/deploy.staging.yml", ".kamal/secrets",
            ".kamal/secrets-common", ".kamal/secrets.staging", "config/sql-transactor.properties",
            "config/staging-sql-transactor.properties");
    private static final String SECRET_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final String NASTY = ":[]{}\"'\t&*!|>%@`#-?,=$\\\n ";
    /** Characters that start something other than a plain value in YAML. */
    private static final String YAML_INDICATORS = "!*&@`%|>{[";

    @TempDir
    Path kit;

    @Test
    void damagedDeployFilesGetFindingsOrAOneLineErrorNeverAStackTraceNorAPassword() {
        int rounds = Load.scaled(300);
        Figures.Row row = Figures.open("Malformed deploy files", String.format("%,d rounds over the 7 files of the example's"
                + " Kamal kit: a password written in 1 of 6 places, then 1 to 3 of 9 kinds of damage", rounds));
        Random random = Load.random("malformed deploy files");
        Kits.copyOfShipped(kit);
        Map<String, String> originals = new LinkedHashMap<>();
        FILES.forEach(f -> originals.put(f, read(kit.resolve(f))));
        Map<Integer, Integer> byStatus = new TreeMap<>();

        for (int round = 0; round < rounds; round++) {
            Map<String, byte[]> edited = new LinkedHashMap<>();
            originals.forEach((f, text) -> edited.put(f, text.getBytes(StandardCharsets.UTF_8)));
            String[] secret = {Passwords.random(random, SECRET_CHARS)};
            List<String> damage = new ArrayList<>();
            damage.add(plantSecret(edited, secret, random));
            for (int d = 1 + random.nextInt(3); d > 0; d--) {
                damage.add(damage(edited, random));
            }
            edited.forEach((f, bytes) -> write(kit.resolve(f), bytes));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            String context = String.format("round %d: %s %s", round, damage, Load.replay());
            try {
                status = DeployCheck.run(new String[] {kit.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
            } catch (RuntimeException | Error e) {
                throw new AssertionError("deploy-check threw " + e + " in " + context, e);
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            String errors = err.toString(StandardCharsets.UTF_8);
            assertThat(printed + errors).as("output of %s", context).doesNotContain("Exception").doesNotContain("\tat ");
            // The kit's temporary directory is in every message and may share digits with the password.
            assertNoLeak((printed + errors).replace(kit.toString(), "<kit>"), secret[0], edited, context);
            switch (status) {
                case DeployCheck.CLEAN -> assertThat(printed).as(context).contains("deploy-check: no findings");
                case DeployCheck.FINDINGS -> assertThat(printed).as(context).containsPattern("\\[[a-z-]+]\\n  \\S")
                        .containsPattern("deploy-check: \\d+ findings? in ");
                case DeployCheck.ERROR -> {
                    assertThat(errors.lines().toList()).as("the error of %s", context).hasSize(1);
                    assertThat(errors).as(context).startsWith("deploy-check: ").containsPattern("(config|\\.kamal)/");
                    assertThat(printed).as(context).isEmpty();
                }
                default -> throw new AssertionError("deploy-check returned " + status + " in " + context);
            }
            byStatus.merge(status, 1, Integer::sum);
            row.badInputs.add(damage.size());
            row.operations.increment();
        }
        originals.forEach((f, text) -> write(kit.resolve(f), text.getBytes(StandardCharsets.UTF_8)));
        assertThat(DeployCheck.run(new String[] {kit.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).as("the restored kit").isEqualTo(DeployCheck.CLEAN);
        row.passed(String.format("exit 0: %,d, 1 (findings): %,d, 2 (one-line error): %,d; no exception, no stack trace,"
                + " no piece of a password printed", byStatus.getOrDefault(0, 0), byStatus.getOrDefault(1, 0),
                byStatus.getOrDefault(2, 0)));
    }

    /**
     * Writes {@code secret[0]} where deploy files hold passwords, or should not; returns what was
     * done. A connection string may get a delimiter inside the password: {@code secret[0]} becomes
     * the password as written.
     */
    private static String plantSecret(Map<String, byte[]> files, String[] secret, Random random) {
        if (random.nextBoolean()) {
            // Starting with YAML syntax: SnakeYAML's errors quoted such a value ("found undefined alias …").
            secret[0] = YAML_INDICATORS.charAt(random.nextInt(YAML_INDICATORS.length())) + secret[0];
        }
        return switch (random.nextInt(6)) {
            case 0 -> replaceLine(files, ".kamal/secrets", "DATOMIC_URI=", "DATOMIC_URI=" + datomicUri(secret, random),
                    "a broken DATOMIC_URI with its password in .kamal/secrets");
            case 1 -> replaceLine(files, ".kamal/secrets", "POSTGRES_PASSWORD=", "POSTGRES_PASSWORD=" + secret[0],
                    "a literal password in .kamal/secrets");
            case 2 -> replaceLine(files, "config/deploy.yml", "    PORT: 8080", "    PORT: 8080\n    DATOMIC_URI: "
                    + datomicUri(secret, random), "a DATOMIC_URI with its password in env.clear");
            case 3 -> replaceLine(files, "config/deploy.yml", "        POSTGRES_DB: datomic",
                    "        POSTGRES_DB: datomic\n        POSTGRES_PASSWORD: " + secret[0], "a password in the db's env.clear");
            case 4 -> replaceLine(files, "config/sql-transactor.properties", "sql-user=datomic",
                    "sql-user=datomic\nsql-password=" + secret[0], "sql-password in the transactor properties");
            default -> replaceLine(files, "config/sql-transactor.properties", "sql-url=", "sql-url="
                    + broken("jdbc:postgresql://datomic", ":", secret, "@", "users-service-db:5432/datomic", random),
                    "a broken sql-url with user info");
        };
    }

    private static String datomicUri(String[] secret, Random random) {
        return random.nextBoolean()
                ? broken("datomic:sql://users?jdbc:postgresql://users-service-db:5432/datomic?user=datomic&", "password=",
                        secret, "", "", random)
                : broken("datomic:sql://users?jdbc:mysql://datomic", ":", secret, "@", "users-service-db:3306/datomic", random);
    }

    /**
     * A connection string with up to three delimiters inserted, characters deleted or replaced by
     * one, anywhere but in the frame that marks the password as one ({@code password=}, or the ':'
     * and '@' of user info: without them nothing could tell it from a host name); and maybe a
     * delimiter inside the password, which is what cuts a URL in unexpected places.
     */
    private static String broken(String before, String frameBefore, String[] secret, String frameAfter, String after,
            Random random) {
        String delimiters = "/:@?;&";
        // '&' and ';' end a parameter's value: after one, what follows is no longer recognisable as a password.
        String inPassword = frameBefore.endsWith("=") ? "/:@?" : delimiters;
        StringBuilder password = new StringBuilder(secret[0]);
        if (random.nextBoolean()) {
            password.insert(1 + random.nextInt(password.length() - 1), inPassword.charAt(random.nextInt(inPassword.length())));
        }
        secret[0] = password.toString();
        StringBuilder head = new StringBuilder(before);
        StringBuilder tail = new StringBuilder(after);
        for (int m = random.nextInt(4); m > 0; m--) {
            StringBuilder part = random.nextBoolean() || tail.length() == 0 ? head : tail;
            int at = random.nextInt(part.length());
            char delimiter = delimiters.charAt(random.nextInt(delimiters.length()));
            switch (random.nextInt(3)) {
                case 0 -> part.deleteCharAt(at);
                case 1 -> part.insert(at, delimiter);
                default -> part.setCharAt(at, delimiter);
            }
        }
        return head + frameBefore + password + frameAfter + tail;
    }

    private static String replaceLine(Map<String, byte[]> files, String file, String prefix, String with, String what) {
        List<String> lines = new ArrayList<>(text(files.get(file)).lines().toList());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                lines.set(i, with);
                files.put(file, bytes(String.join("\n", lines) + "\n"));
                return what + " (" + show(with.strip()) + ")";
            }
        }
        throw new IllegalStateException(file + " has no line starting with " + prefix);
    }

    /** One random kind of damage to one random file; returns what was done. */
    private static String damage(Map<String, byte[]> files, Random random) {
        String file = FILES.get(random.nextInt(FILES.size()));
        byte[] bytes = files.get(file);
        String text = text(bytes);
        List<String> lines = new ArrayList<>(text.lines().toList());
        int line = lines.isEmpty() ? 0 : random.nextInt(lines.size());
        String done;
        switch (random.nextInt(9)) {
            case 0 -> {
                int at = random.nextInt(text.length() + 1);
                String inserted = String.valueOf(NASTY.charAt(random.nextInt(NASTY.length())));
                text = text.substring(0, at) + inserted + text.substring(at);
                done = "syntax: " + show(inserted) + " inserted";
            }
            case 1 -> {
                if (!lines.isEmpty()) {
                    lines.remove(line);
                }
                text = String.join("\n", lines) + "\n";
                done = "line " + (line + 1) + " deleted";
            }
            case 2 -> {
                String value = List.of("[1, 2]", "{a: 1}", "42", "true", "~", "\"\"", "-1", "99999999999", "[]", "{}")
                        .get(random.nextInt(10));
                if (!lines.isEmpty()) {
                    lines.set(line, lines.get(line).replaceFirst("(:\\s|=).*$", "$1" + value.replace("$", "\\$")));
                }
                text = String.join("\n", lines) + "\n";
                done = "line " + (line + 1) + " given the value " + value;
            }
            case 3 -> {
                if (!lines.isEmpty()) {
                    String l = lines.get(line);
                    lines.set(line, random.nextBoolean() ? " " + l : l.replaceFirst("^ ", ""));
                }
                text = String.join("\n", lines) + "\n";
                done = "line " + (line + 1) + " indented differently";
            }
            case 4 -> {
                if (!lines.isEmpty()) {
                    lines.add(line, lines.get(line));
                }
                text = String.join("\n", lines) + "\n";
                done = "line " + (line + 1) + " doubled";
            }
            case 5 -> {
                text = text.substring(0, random.nextInt(text.length() + 1));
                done = "cut to " + text.length() + " characters";
            }
            case 6 -> {
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                int at = random.nextInt(bytes.length + 1);
                byte[] damaged = new byte[bytes.length + garbage.length];
                System.arraycopy(bytes, 0, damaged, 0, at);
                System.arraycopy(garbage, 0, damaged, at, garbage.length);
                System.arraycopy(bytes, at, damaged, at + garbage.length, bytes.length - at);
                files.put(file, damaged);
                return file + ": " + garbage.length + " bytes of garbage at " + at;
            }
            case 7 -> {
                text = "";
                done = "emptied";
            }
            default -> {
                byte[] garbage = new byte[16 + random.nextInt(256)];
                random.nextBytes(garbage);
                files.put(file, garbage);
                return file + ": replaced by " + garbage.length + " bytes of garbage";
            }
        }
        files.put(file, bytes(text));
        return file + ": " + done;
    }

    private static void assertNoLeak(String shown, String password, Map<String, byte[]> files, String context) {
        StringBuilder input = new StringBuilder();
        files.values().forEach(b -> input.append(text(b)).append('\n'));
        Passwords.assertNotShown(shown, password, input.toString(), context);
    }

    private static String show(String text) {
        return text.replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
