package dev.datomickit.example.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code main} as a deployment runs it: a JVM of its own, configured by environment variables,
 * stopped by SIGTERM ({@link ProcessHandle#destroy()} sends it on Unix, as {@code docker stop} does).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hung process, not an assertion
class MainTest {

    private static final Pattern READY = Pattern.compile("users-service is ready on (http://\\S+/) ");

    @Test
    void withNothingConfiguredItServesTheSampleDataAndOnSigtermStopsGracefully() throws Exception {
        Process process = start(Map.of("PORT", "0", "HOST", "127.0.0.1"));
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            URI uri = null;
            while (uri == null) {
                String line = output.readLine();
                assertThat(line).as("the service exited before it was ready:\n%s", String.join("\n", lines)).isNotNull();
                lines.add(line);
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    uri = URI.create(ready.group(1));
                }
            }

            HttpResponse<String> users = RunningService.CLIENT.send(HttpRequest.newBuilder(uri.resolve("users")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(users.body()).contains("\"email\":\"bob@example.com\""); // the migration ran at startup
            assertThat(String.join("\n", lines)).contains("Environment[local",
                    "Migration \"2026-11-20 lowercase emails\" applied", "Migrations: 2 applied, 0 applied by another instance");
            assertThat(output.readLine()).contains("Sample data: " + uri + "users/" + Fixtures.BOB);

            process.toHandle().destroy(); // SIGTERM; unlike Process.destroy(), it leaves the output open to read

            assertThat(process.waitFor()).as("exit status after SIGTERM").isEqualTo(128 + 15);
            String rest = String.join("\n", output.lines().toList());
            assertThat(rest).contains("Stopping: waiting up to PT20S for requests in flight", "Stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aMalformedSettingStopsItWithStatus1SayingWhy() throws Exception {
        Process process = start(Map.of("PORT", "eighty"));

        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isEqualTo(1);
        assertThat(output).contains("users-service did not start: PORT must be a number from 0 to 65535 (0 picks a free"
                + " port), was \"eighty\"");
    }

    private static Process start(Map<String, String> variables) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.log.datomic=warn",
                "-cp", System.getProperty("java.class.path"), UsersService.class.getName());
        builder.environment().keySet().removeIf(name -> name.startsWith("DATOMIC_"));
        builder.environment().putAll(variables);
        builder.redirectErrorStream(true);
        return builder.start();
    }
}
