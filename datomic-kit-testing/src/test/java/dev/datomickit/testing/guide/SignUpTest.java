package dev.datomickit.testing.guide;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThatThrownBy;

import datomic.Connection;
import dev.datomickit.testing.junit.DatomicTest;
import org.junit.jupiter.api.Test;

// snippet:first-test
@DatomicTest(fixtures = {UsersSchema.class, SampleUsers.class})
class SignUpTest {

    @Test
    void registersANewUser(Connection conn) {
        Users.register(conn, "carol@example.com", "Carol");

        assertThat(conn.db()).entity("user/email", "carol@example.com").has("user/name", "Carol");
    }

    @Test
    void refusesATakenEmail(Connection conn) {
        assertThatThrownBy(() -> Users.register(conn, "alice@example.com", "Mallory"))
                .hasMessage("Email alice@example.com is taken");

        assertThat(conn.db()).entity("user/email", "alice@example.com").has("user/name", "Alice");
        assertThat(conn.db()).hasNoEntity("user/email", "carol@example.com"); // the other test's write
    }
}
// end-snippet:first-test
