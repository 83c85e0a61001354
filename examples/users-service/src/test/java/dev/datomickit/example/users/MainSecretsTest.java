package dev.datomickit.example.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code main} logs when its Datomic settings are wrong, in a JVM of its own as a deployment
 * runs it: the setting named, the valid values listed, and never a password, at ERROR or in the
 * stack trace that follows.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hung process, not an assertion
class MainSecretsTest {

    private static final String SECRET = "Qz7vX9kWj";
    private static final String URI = "datomic:sql://users?jdbc:postgresql://users-service-db:5432/datomic?user=datomic"
            + "&password=" + SECRET;

    /** A URI put in DATOMIC_ENV by mistake was printed whole, password included, at ERROR. */
    @Test
    void aUriInTheKindSettingIsNotLogged() throws Exception {
        String output = startAndFail(Map.of("PORT", "0", "DATOMIC_ENV", URI));

        assertThat(output).contains("users-service did not start: Unknown Datomic environment kind (the value, not shown,"
                + " looks like a URI: a URI belongs in DATOMIC_URI); expected one of local, dev, prod, dev-fork, prod-fork"
                + " (from DATOMIC_ENV (or -Ddatomic.env))");
        assertThat(output).doesNotContain(SECRET).doesNotContain("users-service-db");
    }

    @Test
    void aPasswordInTheUriSettingIsNotLogged() throws Exception {
        String output = startAndFail(Map.of("PORT", "0", "DATOMIC_ENV", "prod", "DATOMIC_URI", SECRET));

        assertThat(output).contains("users-service did not start: Invalid Datomic URI (9 characters, not shown: it does"
                + " not look like a URI, and may be a secret put in the wrong setting)").doesNotContain(SECRET);
    }

    private static String startAndFail(Map<String, String> variables) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.log.datomic=warn",
                "-cp", System.getProperty("java.class.path"), UsersService.class.getName());
        builder.environment().keySet().removeIf(name -> name.startsWith("DATOMIC_"));
        builder.environment().putAll(variables);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isEqualTo(1);
        return output;
    }
}
