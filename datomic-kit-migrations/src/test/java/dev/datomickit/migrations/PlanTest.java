package dev.datomickit.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Order: requirements first, declaration order otherwise; every ordering problem before anything runs. */
class PlanTest {

    private static Migration m(String name, String... requires) {
        Migration migration = Migration.data(name, List.of());
        return requires.length == 0 ? migration
                : migration.requires(requires[0], java.util.Arrays.copyOfRange(requires, 1, requires.length));
    }

    private static List<String> order(Migration... migrations) {
        return Migrator.of(migrations).migrations().stream().map(Migration::name).toList();
    }

    @Test
    void keepsTheDeclarationOrderWhenNothingIsRequired() {
        assertThat(order(m("c"), m("a"), m("b"))).containsExactly("c", "a", "b");
    }

    @Test
    void runsRequirementsFirstAndOtherwiseKeepsTheDeclarationOrder() {
        assertThat(order(m("report", "users", "orders"), m("orders", "users"), m("audit"), m("users")))
                .containsExactly("audit", "users", "orders", "report");
        assertThat(order(m("b", "a"), m("x"), m("a"), m("y")))
                .as("a dependent runs as soon as it can, ties by declaration").containsExactly("x", "a", "b", "y");
    }

    @Test
    void theSameDeclarationsAlwaysGiveTheSameOrder() {
        List<String> first = order(m("d", "a"), m("c", "a"), m("b", "a"), m("a"));

        for (int i = 0; i < 20; i++) {
            assertThat(order(m("d", "a"), m("c", "a"), m("b", "a"), m("a"))).isEqualTo(first);
        }
        assertThat(first).containsExactly("a", "d", "c", "b");
    }

    @Test
    void reportsEveryCycleWithItsMembersInOrder() {
        MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migrator.of(
                m("ok"), m("a", "c"), m("b", "a"), m("c", "b"), m("self-pair-1", "self-pair-2"),
                m("self-pair-2", "self-pair-1"), m("waits", "b")));

        assertThat(e.problems()).containsExactly(
                "Migrations require each other in a cycle: \"a\" → \"c\" → \"b\" → \"a\"",
                "Migrations require each other in a cycle: \"self-pair-1\" → \"self-pair-2\" → \"self-pair-1\"",
                "Migration \"waits\" cannot run: it requires, directly or not, a migration in a cycle");
        assertThat(e.failed()).containsExactly("a", "b", "c", "self-pair-1", "self-pair-2", "waits");
        assertThat(e.notRun()).isEmpty();
        assertThat(e.migrations()).as("deprecated: the failed ones").isEqualTo(e.failed());
        assertThat(e).hasMessageStartingWith("Cannot run the migrations: 3 problems\n  - Migrations require each other");
    }

    @Test
    void reportsEveryMissingRequirementAndDuplicateName() {
        MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migrator.of(
                m("a"), m("b", "a", "gone"), m("a"), m("c", "never")));

        assertThat(e.problems()).containsExactly(
                "Migration \"a\" is declared more than once; names must be unique",
                "Migration \"b\" requires \"gone\", which is not among the migrations (3 declared)",
                "Migration \"c\" requires \"never\", which is not among the migrations (3 declared)");
        assertThat(e.failed()).containsExactly("a", "b", "c");
    }

    @Test
    void refusesToAllowChangesOfUnknownMigrations() {
        MigrationException e = catchThrowableOfType(MigrationException.class,
                () -> Migrator.builder().add(m("a")).allowChanged("a", "b").build());

        assertThat(e.problems()).containsExactly("allowChanged(\"b\") names no migration among the 1 added");
    }
}
