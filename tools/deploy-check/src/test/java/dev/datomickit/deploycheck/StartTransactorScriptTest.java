package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactor image's entry point, run with sh against a stand-in for Datomic's bin/transactor
 * that prints what it was given: the password reaches the properties intact, and mistakes stop the
 * container with a message.
 */
class StartTransactorScriptTest {

    private static final Path SCRIPT = Kits.shipped().resolve("transactor/start-transactor.sh");

    @TempDir
    Path temp;

    record Run(int status, String output) {}

    @Test
    void appendsThePasswordEscapedAndStartsTheTransactorWithTheHeap() throws Exception {
        Path properties = write("transactor.properties", "protocol=sql\nhost=app-transactor\n");

        Run run = run(properties.toString(), Map.of("DATOMIC_SQL_PASSWORD", "p\\ss=word", "TRANSACTOR_HEAP", "2g"));

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("args: -Xms2g -Xmx2g ")
                .endsWith("protocol=sql\nhost=app-transactor\n\nsql-password=p\\\\ss=word\n")
                .doesNotContain("DATOMIC_SQL_PASSWORD=");
        assertThat(Files.readString(properties)).doesNotContain("sql-password");
    }

    @Test
    void withoutAPasswordTheFileIsUsedAsMountedWithTheDefaultHeap() throws Exception {
        Path properties = write("transactor.properties", "protocol=dev\nhost=app-transactor\n");

        Run run = run(properties.toString(), Map.of());

        assertThat(run.status()).isZero();
        assertThat(run.output()).startsWith("args: -Xms1g -Xmx1g ").endsWith("protocol=dev\nhost=app-transactor\n");
    }

    @Test
    void refusesAPasswordInTheFileAndInTheEnvironment() throws Exception {
        Path properties = write("transactor.properties", "protocol=sql\n  sql-password : x\n");

        Run run = run(properties.toString(), Map.of("DATOMIC_SQL_PASSWORD", "y"));

        assertThat(run.status()).isEqualTo(64);
        assertThat(run.output()).contains("sets sql-password and DATOMIC_SQL_PASSWORD is set too").doesNotContain("args:");
    }

    @Test
    void refusesAMissingPropertiesFile() throws Exception {
        Run run = run(temp.resolve("absent.properties").toString(), Map.of());

        assertThat(run.status()).isEqualTo(66);
        assertThat(run.output()).contains("cannot read").contains("files: setting");
    }

    private Run run(String properties, Map<String, String> env) throws IOException, InterruptedException {
        Path home = temp.resolve("datomic");
        Path transactor = home.resolve("bin/transactor");
        Files.createDirectories(transactor.getParent());
        Files.writeString(transactor, "#!/bin/sh\necho \"args: $*\"\ncat \"$3\"\n");
        Files.setPosixFilePermissions(transactor, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString(), properties).redirectErrorStream(true);
        builder.environment().remove("DATOMIC_SQL_PASSWORD");
        builder.environment().remove("TRANSACTOR_HEAP");
        builder.environment().put("DATOMIC_HOME", home.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(temp.resolve(name), text);
    }
}
