package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One broken variant of the shipped kit per pitfall (src/test/resources/broken/*.yml): each must
 * produce exactly the one expected finding, through the command line too, without printing a
 * password.
 */
class BrokenVariantsTest {

    private static final String PRODUCTION_PASSWORD = "Pr0duction-Pa55word";
    private static final String STAGING_PASSWORD = "St4ging-Pa55word";

    static Stream<Path> variants() throws IOException, URISyntaxException {
        Path directory = Path.of(BrokenVariantsTest.class.getResource("/broken").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> variants = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
            assertThat(variants).hasSizeGreaterThanOrEqualTo(Rule.values().length);
            return variants.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void eachVariantProducesExactlyItsFinding(Path variantFile, @TempDir Path temp) {
        JsonNode variant = YamlTree.read(variantFile, null);
        Path kit = Kits.copyOfShipped(temp.resolve("kit"));
        Kits.replaceOnce(kit.resolve(".kamal/secrets"), "$USERS_SERVICE_POSTGRES_PASSWORD", PRODUCTION_PASSWORD);
        Kits.replaceOnce(kit.resolve(".kamal/secrets.staging"), "$USERS_SERVICE_STAGING_POSTGRES_PASSWORD",
                STAGING_PASSWORD);
        for (JsonNode edit : variant.get("edits")) {
            Kits.replaceOnce(kit.resolve(edit.get("file").asText()), edit.get("replace").asText(), edit.get("with").asText());
        }

        List<Finding> findings = Checker.check(List.of(kit), kit).findings();

        JsonNode expected = variant.get("finding");
        assertThat(findings).as("findings for: %s", variant.get("pitfall").asText()).hasSize(1);
        Finding finding = findings.get(0);
        assertThat(finding.rule().id()).isEqualTo(expected.get("rule").asText());
        assertThat(finding.location().file()).isEqualTo(kit.resolve(expected.get("file").asText()));
        assertThat(finding.location().key()).isEqualTo(expected.get("key").asText());
        for (JsonNode fragment : expected.get("says")) {
            assertThat(finding.problem()).contains(fragment.asText());
        }
        assertThat(finding.fix()).contains(expected.get("fix").asText());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DeployCheck.run(new String[] {kit.toString()}, print(out), print(err));
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(DeployCheck.FINDINGS);
        assertThat(printed)
                .contains("[" + expected.get("rule").asText() + "]", "  fix: ", "deploy-check: 1 finding in 2 apps")
                .doesNotContain(PRODUCTION_PASSWORD, STAGING_PASSWORD);
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }
}
