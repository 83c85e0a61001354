package dev.datomickit.example.users;

import dev.datomickit.core.TxSource;
import java.util.List;

/** The service's schema, as a fixture class for {@code @DatomicTest}. */
public class UsersSchema implements TxSource {
    @Override
    public List<?> txData() {
        return Model.SCHEMA.txData();
    }
}
