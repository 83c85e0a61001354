package dev.datomickit.testing.guide;

import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import java.util.List;

// snippet:fixture-source
/** Two users; Bob reports to Alice. */
public class SampleUsers implements TxSource {
    @Override
    public List<?> txData() {
        return Tx.data(
                Tx.entity("alice").set("user/email", "alice@example.com").set("user/name", "Alice")
                        .set("user/roles", List.of(Kw.of("role/admin"))),
                Tx.entity("bob").set("user/email", "bob@example.com").set("user/name", "Bob")
                        .set("user/manager", "alice"));
    }
}
// end-snippet:fixture-source
