package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps from separate Kamal projects on one server, and how the checker decides which accessories
 * share a server and a volume.
 */
class SeveralAppsTest {

    @TempDir
    Path temp;

    @Test
    void aSecondProjectOnTheSameServerIsComparedWithTheShippedKit() {
        Path billing = project("billing", """
                service: billing
                servers: [192.0.2.10]
                accessories:
                  db:
                    image: postgres:17.5-bookworm
                    host: 192.0.2.10
                    port: 127.0.0.1:5433:5432
                    volumes: [users-service-pgdata:/var/lib/postgresql/data]
                """);

        List<Finding> findings = Checker.check(List.of(Kits.shipped(), billing), temp).findings();

        assertThat(findings).extracting(f -> f.rule().id() + " " + f.location().key())
                .containsExactly("collision accessories.db.volumes[0]", "collision accessories.db.port");
        assertThat(findings.get(0).problem()).contains("Docker volume users-service-pgdata on 192.0.2.10 is also"
                + " mounted by users-service-db of users-service");
        assertThat(findings.get(1).problem()).contains("host port 5433 on 192.0.2.10 is already published by"
                + " users-service-staging-db of users-service-staging (destination staging)");
        assertThat(findings.get(1).fix()).startsWith("\"127.0.0.1:5434:5432\"");
        assertThat(findings).allSatisfy(f -> assertThat(f.location().file()).isEqualTo(billing.resolve("config/deploy.yml")));
    }

    @Test
    void accessoriesOnDifferentServersNeverCollide() {
        Path other = project("other", """
                service: other
                servers: [198.51.100.7]
                accessories:
                  db:
                    image: postgres:17.5-bookworm
                    host: 198.51.100.7
                    port: 127.0.0.1:5432:5432
                    volumes: [users-service-pgdata:/var/lib/postgresql/data]
                """);

        assertThat(Checker.check(List.of(Kits.shipped(), other), temp).findings()).isEmpty();
    }

    @Test
    void relativeDirectoriesAreKeptApartByKamalButAbsoluteOnesAreShared() {
        Path first = project("first", accessoryWithDirectory("first", "data:/var/lib/postgresql/data", 5432));
        Path second = project("second", accessoryWithDirectory("second", "data:/var/lib/postgresql/data", 5433));
        Path third = project("third", accessoryWithDirectory("third", "/srv/pg:/var/lib/postgresql/data", 5434));
        Path fourth = project("fourth", accessoryWithDirectory("fourth", "/srv/pg:/var/lib/postgresql/data", 5435));

        assertThat(Checker.check(List.of(first, second), temp).findings()).isEmpty();
        List<Finding> findings = Checker.check(List.of(first, second, third, fourth), temp).findings();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.location().file()).isEqualTo(fourth.resolve("config/deploy.yml"));
            assertThat(f.problem()).startsWith("host directory /srv/pg on 192.0.2.10 is also mounted by third-db of third");
        });
    }

    @Test
    void twoAppsWithOneServiceNameCollideByContainerNameOnly() {
        Path copy = project("copy", """
                service: users-service
                servers: [192.0.2.10]
                accessories:
                  db:
                    image: postgres:17.5-bookworm
                    host: 192.0.2.10
                    port: 127.0.0.1:5432:5432
                """);

        List<Finding> findings = Checker.check(List.of(Kits.shipped(), copy), temp).findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.COLLISION);
            assertThat(f.location().key()).isEqualTo("accessories.db");
            assertThat(f.problem()).startsWith("the container name users-service-db is also used by users-service-db of"
                    + " users-service on 192.0.2.10");
        });
    }

    @Test
    void accessoryHostsComeFromRolesAndTagsToo() {
        Path tagged = project("tagged", """
                service: tagged
                servers:
                  web:
                    hosts:
                      - 192.0.2.10: [primary]
                      - 192.0.2.11
                  jobs: [192.0.2.12]
                accessories:
                  cache:
                    image: memcached:1.6.38-bookworm
                    tags: [primary]
                    port: 127.0.0.1:11211:11211
                  other:
                    image: memcached:1.6.38-bookworm
                    roles: [jobs]
                """);

        App app = Checker.check(List.of(tagged), temp).apps().get(0);

        assertThat(app.accessory("cache").orElseThrow().hosts()).containsExactly("192.0.2.10");
        assertThat(app.accessory("other").orElseThrow().hosts()).containsExactly("192.0.2.12");
        assertThat(Checker.check(List.of(Kits.shipped(), tagged), temp).findings())
                .singleElement().satisfies(f -> assertThat(f.problem()).contains("host port 11211 on 192.0.2.10"));
    }

    @Test
    void aDestinationFileAloneIsThatOneAppAndRequiredDestinationsSkipTheBase() {
        List<App> staging = Checker.check(List.of(Kits.shipped().resolve("config/deploy.staging.yml")), temp).apps();
        assertThat(staging).extracting(App::label).containsExactly("users-service-staging (destination staging)");

        Path kit = Kits.copyOfShipped(temp.resolve("kit"));
        Kits.replaceOnce(kit.resolve("config/deploy.yml"), "service: users-service\n",
                "service: users-service\nrequire_destination: true\n");
        assertThat(Checker.check(List.of(kit), temp).apps()).extracting(App::destination).containsExactly("staging");
    }

    @Test
    void whatCannotBeCheckedIsSaidInNotes() {
        Path kit = Kits.copyOfShipped(temp.resolve("kit"));
        Kits.replaceOnce(kit.resolve(".kamal/secrets.staging"), "DATOMIC_URI=", "RENAMED_URI=");
        Kits.replaceOnce(kit.resolve(".kamal/secrets"), "jdbc:postgresql://users-service-db:5432",
                "jdbc:postgresql://$DB_HOST:5432");

        Checker.Result result = Checker.check(List.of(kit), kit);

        assertThat(result.findings()).isEmpty();
        assertThat(result.notes()).containsExactly(
                ".kamal/secrets:9: DATOMIC_URI: the host of DATOMIC_URI (its JDBC URL) is filled in at deploy time,"
                        + " so it was not checked",
                "config/deploy.yml: env.secret[0]: secret DATOMIC_URI is not defined in [.kamal/secrets-common,"
                        + " .kamal/secrets.staging], so DATOMIC_URI was not checked (Kamal would refuse to deploy)",
                "config/deploy.staging.yml: no environment variable of users-service-staging (destination staging)"
                        + " holds a datomic: URI, so its peers are not told where the database is");
    }

    private static String accessoryWithDirectory(String service, String directory, int port) {
        return """
                service: %s
                servers: [192.0.2.10]
                accessories:
                  db:
                    image: postgres:17.5-bookworm
                    host: 192.0.2.10
                    port: 127.0.0.1:%d:5432
                    directories: [%s]
                """.formatted(service, port, directory);
    }

    private Path project(String name, String deployYml) {
        Path root = temp.resolve(name);
        Kits.write(root.resolve("config/deploy.yml"), deployYml);
        return root;
    }
}
