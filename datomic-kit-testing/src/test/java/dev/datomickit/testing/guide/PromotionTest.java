package dev.datomickit.testing.guide;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxResult;
import dev.datomickit.testing.junit.DatomicTest;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

// snippet:scenario-tree
@DatomicTest(fixtures = {UsersSchema.class, SampleUsers.class})
class PromotionTest {

    @BeforeEach
    void carolSignsUp(Connection conn) {
        Users.register(conn, "carol@example.com", "Carol");
    }

    @Test
    void aNewUserHasNoRole(Database db) {
        assertThat(db).entity("user/email", "carol@example.com").doesNotHave("user/roles");
    }

    @Nested
    class WhenPromoted {

        TxResult promotion;

        @BeforeEach
        void aliceMakesCarolAnEditor(Connection conn) {       // runs after carolSignsUp, on the same fork
            promotion = Users.promote(conn, "carol@example.com", Kw.of("role/editor"));
        }

        @Test
        void carolIsAnEditor(Database db) {
            assertThat(db).entity("user/email", "carol@example.com").has("user/roles", Set.of(Kw.of("role/editor")));
            assertThat(promotion).added(Tx.lookup("user/email", "carol@example.com"), "user/roles", Kw.of("role/editor"));
        }

        @Nested
        class ThenDemoted {

            @BeforeEach
            void carolStepsDown(Connection conn) {           // runs third, still on the same fork
                Users.demote(conn, "carol@example.com", Kw.of("role/editor"));
            }

            @Test
            void carolHasNoRoleAgain(Database db) {
                assertThat(db).entity("user/email", "carol@example.com").doesNotHave("user/roles");
            }
        }
    }
}
// end-snippet:scenario-tree
