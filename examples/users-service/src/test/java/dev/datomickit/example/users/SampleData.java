package dev.datomickit.example.users;

import dev.datomickit.core.TxSource;
import java.util.List;

/** The sample users, posts and comments of {@link Fixtures}, as a fixture class. */
public class SampleData implements TxSource {
    @Override
    public List<?> txData() {
        return Fixtures.SAMPLE.txData();
    }
}
