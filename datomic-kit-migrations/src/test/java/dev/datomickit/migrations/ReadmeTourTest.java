package dev.datomickit.migrations;

import static dev.datomickit.core.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import datomic.Connection;
import datomic.Entity;
import datomic.Peer;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Tx;
import dev.datomickit.core.json.Clientizer;
import dev.datomickit.schema.Schema;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The root README's tour of every library module, run as written there. It lives here because the
 * migrations module is the one that sees all the others (the testing module in test scope).
 */
class ReadmeTourTest {

    @Test
    void tour() throws Exception {
        String uri = "datomic:mem://readme-tour-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        // snippet:tour
        // The model, declared once: one line per attribute.
        Schema schema = Schema.builder()
                .namespace("user", user -> {
                    user.attr("email", STRING).uniqueValue().doc("Login, lower case");
                    user.attr("name", STRING);
                    user.attr("password-hash", STRING);
                })
                .build();

        // At every start, on every peer: installs what is missing, runs what is pending, exactly once.
        Migrator migrator = Migrator.builder()
                .add(Migration.schema("2026-01 users", schema))
                .add(Migration.data("2026-02 admin", Tx.data(
                                Tx.entity().set("user/email", "admin@example.com").set("user/name", "Admin")
                                        .set("user/password-hash", "$2a$12$…")))
                        .requires("2026-01 users"))
                .build();
        Connection conn = Peer.connect(uri);
        migrator.migrate(conn);                  // a second call issues zero transactions

        // Finders turn identifiers into entities; clientizers turn entities into client data.
        Entity admin = Entities.get(conn.db(), "user/email", "admin@example.com");
        Clientizer clUser = Clientizer.of("[:user/email :user/name]");
        Map<String, Object> json = clUser.apply(admin); // {"email": "admin@example.com", "name": "Admin"}

        // Try anything on a fork: a real Connection whose writes never reach the original.
        Connection fork = Forks.fork(conn);
        Tx.transact(fork, Tx.data(Tx.retractEntity(admin.get(":db/id"))));
        // end-snippet:tour

        long basis = conn.db().basisT();
        assertThat(migrator.migrate(conn).isEmpty()).isTrue();
        assertThat(conn.db().basisT()).isEqualTo(basis);
        assertThat(json).containsExactly(Map.entry("email", "admin@example.com"), Map.entry("name", "Admin"));
        assertThat(new ObjectMapper().writeValueAsString(json)).doesNotContain("password");
        assertThat(Entities.find(fork.db(), "user/email", "admin@example.com")).isEmpty();
        assertThat(Entities.find(conn.db(), "user/email", "admin@example.com")).isPresent();
        assertThat(migrator.status(conn.db()).entries()).hasSize(2);
        Peer.deleteDatabase(uri);
    }
}
