package dev.datomickit.testing.guide;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;

import datomic.Connection;
import dev.datomickit.core.TxResult;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

// snippet:meta-annotation-use
@UsersDatabase
class AuditTest {

    @Test
    void registrationsAreStampedWithTheDeclaredInstant(Connection conn) {
        Users.register(conn, "carol@example.com", "Carol");
        TxResult last = Users.promote(conn, "carol@example.com", dev.datomickit.core.Kw.of("role/editor"));

        assertThat(conn.db()).entity(last.tx()).has("db/txInstant", Date.from(Instant.parse("2024-01-01T00:00:00Z")));
    }
}
// end-snippet:meta-annotation-use
