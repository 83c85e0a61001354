package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the command line prints and returns when it cannot do its job: a one-line message naming the
 * file and place, exit status 2, never a stack trace.
 */
class CommandLineTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(run("--help")).isEqualTo(DeployCheck.CLEAN);
        assertThat(out()).startsWith("Usage: deploy-check PATH...").contains("Exit status: 0 no findings, 1 findings");
    }

    @Test
    void noArgumentsOrAnUnknownOptionPrintUsage() {
        assertThat(run()).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).startsWith("Usage: deploy-check PATH...");

        err.reset();
        assertThat(run("--json", "x")).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).startsWith("deploy-check: unknown option --json\nUsage:");
    }

    @Test
    void aPathWithoutAKamalProjectIsNamed() {
        assertThat(run(temp.resolve("nowhere").toString())).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).contains("nowhere: no such file or directory");

        err.reset();
        assertThat(run(temp.toString())).isEqualTo(DeployCheck.ERROR);
        assertThat(err()).contains(": no config/deploy.yml here; name a Kamal project directory or a deploy YAML file");
    }

    /** One edit that makes the shipped kit unreadable, and the message that must say so. */
    record BrokenInput(String what, String file, String replace, String with, String... message) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<BrokenInput> brokenInputs() {
        return Stream.of(
                // The line is wrongly indented; YAML notices on the next one, which is where SnakeYAML points.
                new BrokenInput("malformed YAML in a destination", "config/deploy.staging.yml",
                        "  db:\n    port:", "  db:\n   port:",
                        "config/deploy.staging.yml:27:12: not valid YAML: mapping values are not allowed here"),
                new BrokenInput("a value of the wrong shape", "config/deploy.yml",
                        "port: 127.0.0.1:11211:11211", "port: [11211]",
                        "config/deploy.yml: accessories.memcached.port: expected a port mapping such as"
                                + " \"127.0.0.1:5432:5432\", found a list"),
                new BrokenInput("a missing service", "config/deploy.yml", "service: users-service\n", "",
                        "config/deploy.yml: service is missing; Kamal needs it to name every container"),
                new BrokenInput("a missing properties file", "config/deploy.staging.yml",
                        "config/staging-sql-transactor.properties", "config/staging.properties",
                        "config/deploy.staging.yml: accessories.transactor.files[0]: ",
                        "config/staging.properties does not exist (Kamal resolves files: against"),
                new BrokenInput("a key set twice in the properties", "config/sql-transactor.properties",
                        "port=4334\n", "port=4334\nhost=localhost\n",
                        "config/sql-transactor.properties:15: host is already set on line 13"),
                new BrokenInput("a malformed secrets line, which is never printed", ".kamal/secrets",
                        "POSTGRES_PASSWORD=$USERS_SERVICE_POSTGRES_PASSWORD", "POSTGRES_PASSWORD $sup3r-secret",
                        ".kamal/secrets:5: expected KEY=value"),
                // Found by the reliability suite (MalformedDeployFilesTest): a list item left empty, as
                // when a file is cut short after "-", threw NoSuchElementException with a stack trace.
                new BrokenInput("an empty list item", "config/deploy.staging.yml",
                        "      - config/staging-sql-transactor.properties:/opt/datomic/config/transactor.properties", "      -",
                        "config/deploy.staging.yml: accessories.transactor.files[0]: expected a file such as"
                                + " config/transactor.properties:/path/in/container, found nothing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenInputs")
    void unreadableInputIsOneLineNamingFileAndPlace(BrokenInput input) {
        Path kit = Kits.copyOfShipped(temp.resolve("kit"));
        Kits.replaceOnce(kit.resolve(input.file()), input.replace(), input.with());

        assertErrorMentions(kit, input.message());
        assertThat(err()).doesNotContain("sup3r-secret");
    }

    private void assertErrorMentions(Path kit, String... fragments) {
        int status = run(kit.toString());
        String printed = err();
        assertThat(status).as(printed).isEqualTo(DeployCheck.ERROR);
        assertThat(out()).isEmpty();
        assertThat(printed).startsWith("deploy-check: ").contains(fragments)
                .doesNotContain("Exception", "\tat ").hasLineCount(1);
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
