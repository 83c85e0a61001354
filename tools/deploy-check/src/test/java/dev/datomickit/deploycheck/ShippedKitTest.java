package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deployment kit in examples/users-service/deploy checks clean, with nothing left unchecked. */
class ShippedKitTest {

    @Test
    void theShippedKitHasNoFindingsAndNothingUnchecked() {
        Checker.Result result = Checker.check(List.of(Kits.shipped()), Kits.shipped());

        assertThat(result.findings()).isEmpty();
        assertThat(result.notes()).isEmpty();
        assertThat(result.apps()).extracting(App::label)
                .containsExactly("users-service", "users-service-staging (destination staging)");
    }

    @Test
    void bothAppsShareOneServerAndEachHasItsOwnAccessories() {
        List<App> apps = Checker.check(List.of(Kits.shipped()), Kits.shipped()).apps();

        for (App app : apps) {
            assertThat(app.accessories()).extracting(Accessory::name).containsExactly("db", "memcached", "transactor");
            assertThat(app.accessories()).allSatisfy(a -> {
                assertThat(a.hosts()).containsExactly("192.0.2.10");
                assertThat(a.hostname()).isEqualTo(app.service() + "-" + a.name());
                assertThat(a.bindings()).allSatisfy(b -> assertThat(b.port().loopbackOnly()).isTrue());
            });
            assertThat(app.accessory("transactor").orElseThrow().transactorConfigs()).hasSize(1);
            assertThat(app.env()).extracting(App.EnvValue::name).contains("DATOMIC_URI", "JAVA_TOOL_OPTIONS");
        }
        assertThat(apps.get(1).accessory("db").orElseThrow().bindings().get(0).port().text())
                .isEqualTo("127.0.0.1:5433:5432");
    }

    // snippet:deploy-check-test
    @Test
    void deployFilesCheckClean() {
        // Maven runs a module's tests in the module's directory.
        String kit = "../../examples/users-service/deploy";

        int status = DeployCheck.run(new String[] {kit}, System.out, System.err);

        assertThat(status).isEqualTo(DeployCheck.CLEAN);
    }
    // end-snippet:deploy-check-test

    @Test
    void theCommandLineReportsTheShippedKitClean() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = DeployCheck.run(new String[] {Kits.shipped().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(status).isEqualTo(DeployCheck.CLEAN);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("deploy-check: no findings in 2 apps: users-service;"
                + " users-service-staging (destination staging)" + System.lineSeparator());
    }
}
