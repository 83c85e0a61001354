package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input a hostile or careless hand could give the checker: secrets made of YAML syntax, which
 * SnakeYAML quoted in its errors; a named pipe, a device or a 3 GiB file where a deploy file
 * belongs, which hung it or exhausted the heap; documents whose aliases or nesting explode.
 * Each ends with exit status 2 and one line naming the file, or with findings, and never shows the
 * secret.
 */
class HostileInputTest {

    /** The secret's core: no 4 characters of it occur in the kit. */
    private static final String CORE = "Qz7vX9kWj";

    @TempDir
    Path temp;

    private Path kit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyKit() {
        kit = Kits.copyOfShipped(temp.resolve("kit"));
    }

    /** A line that plants a secret: in which file, replacing what, with what. */
    record Plant(String what, String file, String replace, String with) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Plant> secretsMadeOfYamlSyntax() {
        List<Plant> plants = new ArrayList<>();
        // In YAML values: each starts with, or holds, syntax that SnakeYAML refuses and used to quote.
        List<String> yamlValues = List.of("!" + CORE, "*" + CORE, "!!" + CORE, "&" + CORE, "@" + CORE, "`" + CORE,
                "|" + CORE, ">" + CORE, "%" + CORE, "{" + CORE, "[" + CORE, "\"" + CORE, "'" + CORE, CORE + ": x",
                "\"\\x" + CORE + "\"", "\"\\q" + CORE + "\"", "&" + CORE + " [a]", "*" + CORE + "]", "? " + CORE,
                "- " + CORE, "!<" + CORE + ">", "!" + CORE + "! x", CORE + " #" + CORE, "\t" + CORE);
        for (String value : yamlValues) {
            plants.add(new Plant("deploy.yml: POSTGRES_PASSWORD: " + value, "config/deploy.yml",
                    "        POSTGRES_DB: datomic", "        POSTGRES_DB: datomic\n        POSTGRES_PASSWORD: " + value));
            plants.add(new Plant("staging destination: JAVA_TOOL_OPTIONS password " + value, "config/deploy.staging.yml",
                    "    JAVA_TOOL_OPTIONS: -Ddatomic.memcachedServers=users-service-staging-memcached:11211",
                    "    JAVA_TOOL_OPTIONS: -Ddatomic.memcachedPassword=" + value));
        }
        plants.add(new Plant("deploy.yml: a secret as the key of a mapping", "config/deploy.yml",
                "    PORT: 8080", "    PORT: 8080\n    " + CORE + ": 1\n    " + CORE + ": 2"));
        plants.add(new Plant("deploy.yml: a secret where a list of secret names belongs", "config/deploy.yml",
                "  secret:\n    # datomic:sql", "  secret: " + CORE + "\n  other:\n    # datomic:sql"));
        // In the secrets files and the properties, passwords made of the same syntax.
        for (String value : List.of("!" + CORE, "*" + CORE + "&x", "{" + CORE + ";}", "'" + CORE, "\"" + CORE,
                "$(" + CORE + ")", CORE + " # " + CORE)) {
            plants.add(new Plant(".kamal/secrets: POSTGRES_PASSWORD=" + value, ".kamal/secrets",
                    "POSTGRES_PASSWORD=$USERS_SERVICE_POSTGRES_PASSWORD", "POSTGRES_PASSWORD=" + value));
            plants.add(new Plant(".kamal/secrets-common: a broken DATOMIC_URI with " + value, ".kamal/secrets-common",
                    null, "DATOMIC_URI=datomic:sql://users?jdbc:postgresql://users-service-db:5432x/datomic?user=datomic"
                            + "&password=" + value + "\n"));
            plants.add(new Plant(".kamal/secrets.staging: " + value, ".kamal/secrets.staging", null,
                    "export DB_PASSWORD=" + value + "\n"));
            plants.add(new Plant("properties: sql-password=" + value, "config/sql-transactor.properties",
                    "sql-user=datomic", "sql-user=datomic\nsql-password=" + value));
            plants.add(new Plant("properties: a broken sql-url with " + value, "config/staging-sql-transactor.properties",
                    "sql-url=jdbc:postgresql://users-service-staging-db:5432/datomic",
                    "sql-url=jdbc:postgresql://datomic:" + value.replace(" ", "") + "@users-service-staging-db:54x32/datomic"));
        }
        return plants.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretsMadeOfYamlSyntax")
    void aSecretMadeOfYamlSyntaxIsNeverShown(Plant plant) throws IOException {
        Path file = kit.resolve(plant.file());
        if (plant.replace() == null) {
            Files.writeString(file, Files.readString(file) + plant.with());
        } else {
            Kits.replaceOnce(file, plant.replace(), plant.with());
        }

        int status = run(kit.toString());

        String printed = out() + err();
        assertThat(status).as(printed).isIn(DeployCheck.CLEAN, DeployCheck.FINDINGS, DeployCheck.ERROR);
        assertThat(printed).doesNotContain("Exception", "\tat ");
        for (int i = 0; i + 4 <= CORE.length(); i++) {
            assertThat(printed).as("output for %s", plant).doesNotContain(CORE.substring(i, i + 4));
        }
        if (status == DeployCheck.ERROR) {
            assertThat(err()).startsWith("deploy-check: ").hasLineCount(1);
        }
    }

    @Test
    void yamlErrorsNameFileLineAndColumnInYamlTerms() throws IOException {
        Path deploy = kit.resolve("config/deploy.yml");
        Kits.replaceOnce(deploy, "        POSTGRES_DB: datomic",
                "        POSTGRES_DB: datomic\n        POSTGRES_PASSWORD: *" + CORE);
        int line = Files.readAllLines(deploy).indexOf("        POSTGRES_PASSWORD: *" + CORE) + 1;

        assertThat(run(kit.toString())).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).endsWith("config/deploy.yml:" + line + ":28: not valid YAML: an alias (*name) refers to no"
                + " anchor (&name) defined before it; a value that starts with * must be quoted\n").hasLineCount(1);

        err.reset();
        Kits.replaceOnce(deploy, "POSTGRES_PASSWORD: *" + CORE, "POSTGRES_PASSWORD: !" + CORE);
        assertThat(run(kit.toString())).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).endsWith("config/deploy.yml:" + line + ":28: not valid YAML: an unknown tag (!name); a value"
                + " that starts with ! must be quoted\n").hasLineCount(1);
    }

    // ---- input bounds ------------------------------------------------------------------------

    @Test
    void aNamedPipeAsTheSecretsFileIsRefusedInsteadOfWaitedFor() throws Exception {
        Path secrets = kit.resolve(".kamal/secrets");
        Files.delete(secrets);
        assumeTrue(mkfifo(secrets), "mkfifo is available");

        // A guard against the hang this test is about, not a measurement.
        int status = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(kit.toString()));

        assertThat(status).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).endsWith(".kamal/secrets: is not a regular file (a named pipe, a device or a socket); deploy-check"
                + " reads regular files only\n").hasLineCount(1);
    }

    @Test
    void aDeviceAsTheDeployFileIsRefused() throws IOException {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "/dev/zero exists");
        Path config = kit.resolve("config/deploy.yml");
        Files.delete(config);
        Files.createSymbolicLink(config, zero);

        int status = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(kit.toString()));

        assertThat(status).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).endsWith("config/deploy.yml: is not a regular file (a named pipe, a device or a socket);"
                + " deploy-check reads regular files only\n").hasLineCount(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFileRead")
    void aFileLargerThanTheLimitIsRefusedNamingTheLimit(String file) throws IOException {
        Path big = kit.resolve(file);
        try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength(3L << 30); // 3 GiB, sparse: no disk space used
        }

        int status = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(kit.toString()));

        assertThat(status).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).endsWith(file + ": larger than 1 MiB, the most deploy-check reads of one file; a deploy file,"
                + " secrets file or transactor properties file is a few kilobytes\n").hasLineCount(1);
    }

    static Stream<String> everyFileRead() {
        return Stream.of("config/deploy.yml", "config/deploy.staging.yml", ".kamal/secrets", ".kamal/secrets-common",
                ".kamal/secrets.staging", "config/sql-transactor.properties");
    }

    @Test
    void aDirectoryWhereAFileBelongsIsRefused() throws IOException {
        Path secrets = kit.resolve(".kamal/secrets");
        Files.delete(secrets);
        Files.createDirectory(secrets);

        assertThat(run(kit.toString())).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).endsWith(".kamal/secrets: is a directory, not a file\n");
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws IOException {
        Path secrets = kit.resolve(".kamal/secrets-common");
        String text = Files.readString(secrets);
        Files.writeString(secrets, text + "#".repeat(InputFiles.LIMIT - text.length() - 1) + "\n");

        assertThat(run(kit.toString())).as(err()).isEqualTo(DeployCheck.CLEAN);
    }

    // ---- documents that explode --------------------------------------------------------------

    @Test
    void aBillionLaughsDocumentIsRefused() {
        StringBuilder yaml = new StringBuilder("service: app\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            String previous = "*l" + (level - 1);
            yaml.append("lol").append(level).append(": &l").append(level).append(" [")
                    .append(IntStream.range(0, 10).mapToObj(i -> previous).collect(Collectors.joining(", "))).append("]\n");
        }
        Kits.write(kit.resolve("config/deploy.yml"), yaml.toString());

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(kit.toString())))
                .isEqualTo(DeployCheck.ERROR);
        assertThat(err()).contains("config/deploy.yml: not valid YAML: more than 50 aliases to lists or mappings")
                .hasLineCount(1);
    }

    /** Within the alias limit, two aliases per level still double the document 25 times. */
    @Test
    void aDoublingDocumentWithinTheAliasLimitIsRefused() {
        StringBuilder yaml = new StringBuilder("service: app\nd0: &d0 [lol]\n");
        for (int level = 1; level <= 25; level++) {
            yaml.append('d').append(level).append(": &d").append(level).append(" [*d").append(level - 1)
                    .append(", *d").append(level - 1).append("]\n");
        }
        Kits.write(kit.resolve("config/deploy.yml"), yaml.toString());

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(kit.toString())))
                .isEqualTo(DeployCheck.ERROR);
        assertThat(err()).endsWith("config/deploy.yml: not valid for deploy-check: its aliases expand it to more than"
                + " 100,000 values (a Kamal config has a few hundred)\n").hasLineCount(1);
    }

    @Test
    void deepNestingIsRefusedAtFiftyLevels() {
        Kits.write(kit.resolve("config/deploy.yml"), "service: app\nx: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");

        assertThat(run(kit.toString())).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).contains("config/deploy.yml: not valid YAML: nested more than 50 levels deep").hasLineCount(1);
    }

    @Test
    void aListThatContainsItselfIsRefused() {
        Kits.write(kit.resolve("config/deploy.yml"), "service: app\nx: &x [a, *x]\n");

        assertThat(run(kit.toString())).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).contains("config/deploy.yml: not valid for deploy-check: its aliases nest it more than 100 levels"
                + " deep, or a list or mapping contains itself").hasLineCount(1);
    }

    @Test
    void secretsThatExpandTenfoldPerLineAreRefused() {
        StringBuilder secrets = new StringBuilder("A0=xxxxxxxxxx\n");
        for (int line = 1; line <= 12; line++) {
            secrets.append('A').append(line).append('=').append(("$A" + (line - 1)).repeat(10)).append('\n');
        }
        Kits.write(kit.resolve(".kamal/secrets-common"), secrets.toString());

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(kit.toString())))
                .isEqualTo(DeployCheck.ERROR);
        assertThat(err()).contains(".kamal/secrets-common:6: A5 takes the values past 1 MiB once $NAME references are"
                + " replaced").hasLineCount(1);
    }

    /** Each "${" without a "}" searched the rest of the line for one: quadratic in the line's length. */
    @Test
    void aMegabyteOfUnclosedReferencesIsReadInLinearTime() {
        Kits.write(kit.resolve(".kamal/secrets-common"), "A=" + "${".repeat(InputFiles.LIMIT / 2 - 1000) + "\n");

        // A guard, not a measurement: linear, this takes a fraction of a second; the quadratic search took 8 s.
        int status = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> run(kit.toString()));

        assertThat(status).as(err()).isEqualTo(DeployCheck.CLEAN);
    }

    private static boolean mkfifo(Path path) {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int run(String... args) {
        return DeployCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
