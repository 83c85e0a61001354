package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML as Kamal reads it, Kamal's secrets files and transactor properties files. */
class FileFormatsTest {

    @TempDir
    Path dir;

    @Test
    void yamlAnchorsAliasesAndMergeKeysAreResolved() {
        Path file = dir.resolve("deploy.yml");
        Kits.write(file, """
                servers:
                  - &server 192.0.2.10
                x-accessory: &defaults
                  host: *server
                  port: 127.0.0.1:5432:5432
                accessories:
                  db:
                    <<: *defaults
                    image: postgres:17.5-bookworm
                """);

        JsonNode db = YamlTree.read(file, dir).get("accessories").get("db");

        assertThat(db.get("host").asText()).isEqualTo("192.0.2.10");
        assertThat(db.get("port").asText()).isEqualTo("127.0.0.1:5432:5432");
        assertThat(db.get("image").asText()).isEqualTo("postgres:17.5-bookworm");
    }

    @Test
    void destinationsMergeMappingsKeyByKeyAndReplaceListsWhole() {
        ObjectNode base = yaml("base.yml", """
                service: app
                env: {clear: {A: "1", B: "2"}, secret: [X, Y]}
                accessories: {db: {port: "127.0.0.1:5432:5432", volumes: [a:/a, b:/b]}}
                """);
        ObjectNode overlay = yaml("overlay.yml", """
                env: {clear: {B: "3"}, secret: [Z]}
                accessories: {db: {volumes: [c:/c]}}
                """);

        JsonNode merged = YamlTree.merge(base, overlay);

        assertThat(merged.get("env").get("clear").toString()).isEqualTo("{\"A\":\"1\",\"B\":\"3\"}");
        assertThat(merged.get("env").get("secret").toString()).isEqualTo("[\"Z\"]");
        assertThat(merged.get("accessories").get("db").get("port").asText()).isEqualTo("127.0.0.1:5432:5432");
        assertThat(merged.get("accessories").get("db").get("volumes").toString()).isEqualTo("[\"c:/c\"]");

        ConfigSource source = new ConfigSource(dir.resolve("base.yml"), base, dir.resolve("overlay.yml"), overlay, dir);
        assertThat(source.fileOf(List.of("env", "clear", "A"))).isEqualTo(dir.resolve("base.yml"));
        assertThat(source.fileOf(List.of("env", "clear", "B"))).isEqualTo(dir.resolve("overlay.yml"));
        assertThat(source.fileOf(List.of("accessories", "db", "volumes", 0))).isEqualTo(dir.resolve("overlay.yml"));
        assertThat(source.fileOf(List.of("accessories", "db", "port"))).isEqualTo(dir.resolve("base.yml"));
    }

    @Test
    void malformedYamlIsAnErrorWithFileLineAndColumn() {
        Kits.write(dir.resolve("bad.yml"), "service: app\naccessories:\n  db:\n    image: postgres\n   port: 5432\n");

        assertThatThrownBy(() -> YamlTree.read(dir.resolve("bad.yml"), dir))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("bad.yml:5:4: not valid YAML: ");
    }

    @Test
    void duplicateYamlKeysAreRefusedInsteadOfSilentlyKeepingTheLast() {
        Kits.write(dir.resolve("dup.yml"), "service: app\nservice: other\n");

        assertThatThrownBy(() -> YamlTree.read(dir.resolve("dup.yml"), dir))
                .isInstanceOf(InputException.class)
                // The key is not quoted: SnakeYAML's message quotes whatever is there, a password included.
                .hasMessage("dup.yml:2:1: not valid YAML: a key appears twice in one mapping, while constructing a mapping"
                        + " (line 1)");
    }

    @Test
    void erbThatBreaksTheYamlIsExplained() {
        Kits.write(dir.resolve("erb.yml"), "service: app\n<% if true %>\nservers: [a]\n<% end %>\n");

        assertThatThrownBy(() -> YamlTree.read(dir.resolve("erb.yml"), dir))
                .hasMessageContaining("ERB tags").hasMessageContaining("check the rendered file");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefused() {
        Kits.write(dir.resolve("list.yml"), "- service: app\n");
        Kits.write(dir.resolve("empty.yml"), "# nothing\n");

        assertThatThrownBy(() -> YamlTree.read(dir.resolve("list.yml"), dir))
                .hasMessage("list.yml: expected a mapping of Kamal settings (service:, servers:, accessories:, ...), found a list");
        assertThatThrownBy(() -> YamlTree.read(dir.resolve("empty.yml"), dir)).hasMessageEndingWith("found an empty document");
    }

    @Test
    void secretsFilesFollowDotenvRulesAndNeverReadTheEnvironment() {
        Path common = dir.resolve("secrets-common");
        Path own = dir.resolve("secrets");
        Kits.write(common, """
                # comment
                export REGISTRY=$KAMAL_REGISTRY_PASSWORD
                USER=datomic
                """);
        Kits.write(own, """
                PASSWORD='lit$eral' # quoted: no substitution
                HOST=db   # trailing comment
                URI="jdbc:postgresql://${HOST}:5432/x?user=$USER&password=$PASSWORD"
                CMD=$(op read op://vault/item)
                ESCAPED="\\$HOST"
                MULTI="a
                b"
                USER=override
                """);

        Map<String, DotEnv.Entry> secrets = DotEnv.read(List.of(common, own, dir.resolve("missing")), dir);

        assertThat(secrets.get("REGISTRY").value()).isEqualTo("${KAMAL_REGISTRY_PASSWORD}");
        assertThat(secrets.get("PASSWORD").value()).isEqualTo("lit$eral");
        assertThat(secrets.get("HOST").value()).isEqualTo("db");
        assertThat(secrets.get("URI").value()).isEqualTo("jdbc:postgresql://db:5432/x?user=datomic&password=lit$eral");
        assertThat(secrets.get("URI").line()).isEqualTo(3);
        assertThat(secrets.get("URI").file()).isEqualTo(own);
        assertThat(secrets.get("CMD").value()).isEqualTo("$(op read op://vault/item)");
        assertThat(secrets.get("ESCAPED").value()).isEqualTo("$HOST");
        assertThat(secrets.get("MULTI").value()).isEqualTo("a\nb");
        assertThat(secrets.get("USER").value()).isEqualTo("override");
        assertThat(secrets.get("USER").line()).isEqualTo(8);
    }

    @Test
    void aMalformedSecretsLineIsReportedByNumberWithoutItsContent() {
        Kits.write(dir.resolve("secrets"), "GOOD=1\nthis line leaks hunter2\n");

        assertThatThrownBy(() -> DotEnv.read(List.of(dir.resolve("secrets")), dir))
                .hasMessage("secrets:2: expected KEY=value");
    }

    @Test
    void propertiesAreReadLikeJavaPropertiesWithLineNumbers() {
        Path file = dir.resolve("t.properties");
        Kits.write(file, """
                # comment
                ! also a comment
                protocol=sql
                host : users-service-transactor
                port 4334
                sql-url=jdbc:postgresql://db:5432/\\
                    datomic
                escaped=a\\tb\\u0041
                """);

        TransactorProperties properties = TransactorProperties.read(file, dir);

        assertThat(properties.get("host").orElseThrow()).isEqualTo(new TransactorProperties.Entry("users-service-transactor", 4));
        assertThat(properties.get("port").orElseThrow().value()).isEqualTo("4334");
        assertThat(properties.get("sql-url").orElseThrow())
                .isEqualTo(new TransactorProperties.Entry("jdbc:postgresql://db:5432/datomic", 6));
        assertThat(properties.get("escaped").orElseThrow().value()).isEqualTo("a\tbA");
        assertThat(properties.looksLikeTransactorConfig()).isTrue();
    }

    @Test
    void propertiesWithADuplicateKeyOrABadEscapeAreRefused() {
        Kits.write(dir.resolve("dup.properties"), "host=a\nport=4334\nhost=b\n");
        Kits.write(dir.resolve("escape.properties"), "host=a\nsql-url=jdbc:\\u00G1\n");

        assertThatThrownBy(() -> TransactorProperties.read(dir.resolve("dup.properties"), dir))
                .hasMessage("dup.properties:3: host is already set on line 1; the transactor would silently use only"
                        + " the last value, so keep one");
        assertThatThrownBy(() -> TransactorProperties.read(dir.resolve("escape.properties"), dir))
                .hasMessage("escape.properties:2: malformed \\uXXXX escape (expected four hex digits after \\u)");
    }

    private ObjectNode yaml(String name, String text) {
        Kits.write(dir.resolve(name), text);
        return YamlTree.read(dir.resolve(name), dir);
    }
}
