package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The essentials of the two Dockerfiles, checked without a Docker engine: pinned base images, a
 * non-root user, exec-form entry points, and ports, paths and versions that agree with the Kamal
 * configuration, the transactor properties and the root pom.
 */
class ShippedImagesTest {

    private static final Path KIT = Kits.shipped();

    /** One Dockerfile instruction, continuation lines joined. */
    record Instruction(String keyword, String arguments) {}

    @Test
    void everyBaseImageIsPinnedToAnExactVersionAndTheRuntimeIsJava17() {
        for (String dockerfile : List.of("Dockerfile", "Dockerfile.transactor")) {
            List<String> images = arguments(dockerfile, "FROM").stream().map(a -> a.split("\\s+")[0]).toList();
            assertThat(images).as(dockerfile).isNotEmpty().allSatisfy(image -> {
                assertThat(image).as("%s: FROM %s names a tag", dockerfile, image).contains(":");
                assertThat(image.substring(image.indexOf(':') + 1)).as("%s: FROM %s", dockerfile, image)
                        .doesNotContain("latest").matches(".*\\d+\\.\\d+\\.\\d+.*");
            });
            assertThat(images.get(images.size() - 1)).as("%s runtime", dockerfile).startsWith("eclipse-temurin:17.");
        }
    }

    @Test
    void theFinalStagesRunAsAnUnprivilegedUserWithAnExecFormEntryPoint() {
        for (String dockerfile : List.of("Dockerfile", "Dockerfile.transactor")) {
            List<Instruction> last = finalStage(dockerfile);
            List<String> users = last.stream().filter(i -> i.keyword().equals("USER")).map(Instruction::arguments).toList();
            assertThat(users).as("%s: USER in the final stage", dockerfile).isNotEmpty();
            assertThat(users.get(users.size() - 1).split(":")[0]).as(dockerfile).isNotIn("root", "0");
            assertThat(last).as(dockerfile).filteredOn(i -> i.keyword().equals("ENTRYPOINT")).singleElement()
                    .satisfies(i -> assertThat(i.arguments()).as("exec form, so SIGTERM reaches the JVM").startsWith("["));
        }
    }

    @Test
    void theServiceImageAgreesWithTheServiceAndItsKamalConfig() {
        JsonNode deploy = YamlTree.read(KIT.resolve("config/deploy.yml"), KIT);
        String port = deploy.get("proxy").get("app_port").asText();

        assertThat(port).isEqualTo("8080");
        assertThat(deploy.get("proxy").get("healthcheck").get("path").asText()).isEqualTo("/health");
        assertThat(arguments("Dockerfile", "EXPOSE")).containsExactly(port);
        assertThat(arguments("Dockerfile", "ENV")).containsExactly("PORT=" + port);
        assertThat(deploy.get("env").get("clear").get("PORT").asText()).isEqualTo(port);
        assertThat(arguments("Dockerfile", "RUN")).anySatisfy(run ->
                assertThat(run).contains("mvn ", "-pl examples/users-service -am package"));
        assertThat(arguments("Dockerfile", "COPY")).anySatisfy(copy -> assertThat(copy)
                .isEqualTo("--from=build /src/examples/users-service/target/users-service.jar /app/users-service.jar"));
        assertThat(arguments("Dockerfile", "ENTRYPOINT")).singleElement().asString()
                .contains("\"-jar\", \"/app/users-service.jar\"");
        assertThat(deploy.get("builder").get("context").asText()).isEqualTo("../../..");
        assertThat(KIT.resolve(deploy.get("builder").get("context").asText()).resolve("pom.xml").normalize())
                .isEqualTo(Kits.repositoryRoot().resolve("pom.xml"));
    }

    @Test
    void theTransactorImageMatchesThePeerVersionAndItsProperties() throws IOException {
        String datomicVersion = match(Files.readString(Kits.repositoryRoot().resolve("pom.xml")),
                "<datomic.version>([^<]+)</datomic.version>");

        assertThat(arguments("Dockerfile.transactor", "ARG")).contains("DATOMIC_VERSION=" + datomicVersion);
        assertThat(String.join("\n", arguments("Dockerfile.transactor", "RUN")))
                .contains("sha256sum --check --strict", "test -n \"${DATOMIC_SHA256}\"");
        for (String deployFile : List.of("config/deploy.yml", "config/deploy.staging.yml")) {
            JsonNode transactor = YamlTree.read(KIT.resolve(deployFile), KIT).get("accessories").get("transactor");
            if (transactor.has("image")) {
                assertThat(transactor.get("image").asText()).endsWith(":" + datomicVersion);
            }
        }
        String healthcheck = String.join(" ", arguments("Dockerfile.transactor", "HEALTHCHECK"));
        for (String file : List.of("config/sql-transactor.properties", "config/staging-sql-transactor.properties")) {
            TransactorProperties properties = TransactorProperties.read(KIT.resolve(file), KIT);
            assertThat(arguments("Dockerfile.transactor", "EXPOSE")).as(file)
                    .containsExactly(properties.get("port").orElseThrow().value());
            assertThat(healthcheck).as(file).contains("http://" + properties.get("ping-host").orElseThrow().value() + ":"
                    + properties.get("ping-port").orElseThrow().value() + "/health");
            assertThat(properties.get("sql-password")).as("%s: the password comes from a secret", file).isEmpty();
            assertThat(properties.get("log-dir").orElseThrow().value()).startsWith("/var/lib/datomic/");
        }
        assertThat(String.join(" ", arguments("Dockerfile.transactor", "RUN"))).contains("/var/lib/datomic/log");
    }

    @Test
    void theServiceModuleBuildsTheJarTheImageCopies() throws IOException {
        Path pom = Kits.repositoryRoot().resolve("examples/users-service/pom.xml");
        String text = Files.readString(pom);

        assertThat(text).contains("<artifactId>users-service</artifactId>", "<finalName>users-service</finalName>",
                "dev.datomickit.example.users.UsersService");
        assertThat(text).as("datomic:sql:// needs the PostgreSQL driver; the peer only declares it as provided")
                .contains("<groupId>org.postgresql</groupId>");
    }

    private static List<Instruction> finalStage(String dockerfile) {
        List<Instruction> all = instructions(dockerfile);
        int last = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return all.subList(last, all.size());
    }

    private static List<String> arguments(String dockerfile, String keyword) {
        return instructions(dockerfile).stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    private static List<Instruction> instructions(String dockerfile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(KIT.resolve(dockerfile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.length() == 0)) {
                continue;
            }
            current.append(' ').append(stripped.endsWith("\\") ? stripped.substring(0, stripped.length() - 1) : stripped);
            if (!stripped.endsWith("\\")) {
                String text = current.toString().strip().replaceAll("\\s+", " ");
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(java.util.Locale.ROOT),
                        text.substring(space + 1)));
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static String match(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in the root pom", regex).isTrue();
        return matcher.group(1);
    }
}
