package dev.datomickit.example.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.env.DatomicUri;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** When the peer cannot create the database: a message in the user's terms, a cause without the password. */
class CreateDatabaseTest {

    private static final String SECRET = "Qz7vX9kWj";
    private static final DatomicUri URI = DatomicUri.parse(
            "datomic:sql://users?jdbc:postgresql://db:5432/datomic?user=datomic&password=" + SECRET);

    @Test
    void aFailureSaysWhatFailedWithoutJavaTypesOrThePassword() {
        // As the peer does: a checked SQLException, undeclared, quoting the URI it was given.
        assertThatThrownBy(() -> UsersService.createDatabase(URI, uri -> sneakyThrow(
                new java.sql.SQLException("No suitable driver for " + uri, new IllegalStateException("at " + uri)))))
                .isInstanceOf(DatomicKitException.class)
                .hasMessage("Cannot create the database " + URI + ": No suitable driver for " + URI)
                .satisfies(e -> {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).doesNotContain(SECRET)
                            .contains("Caused by: java.sql.SQLException: No suitable driver for " + URI,
                                    "Caused by: java.lang.IllegalStateException: at " + URI);
                });
    }

    @Test
    void aFailureWithoutAMessageSaysSo() {
        assertThatThrownBy(() -> UsersService.createDatabase(URI, uri -> sneakyThrow(new java.net.ConnectException())))
                .hasMessage("Cannot create the database " + URI + ": the Datomic peer gave no reason (see the cause)")
                .hasMessageNotContaining("java.");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> boolean sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
