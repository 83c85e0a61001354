package dev.datomickit.schema;

import datomic.Connection;
import dev.datomickit.core.Tx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real connection whose first transaction is preceded by another writer's: what happens when a
 * peer computes a schema diff and someone else commits before the diff is transacted.
 */
final class RacingWriter {

    private RacingWriter() {}

    /** {@code delegate}, except that {@code theirs} is transacted just before the first transaction made through it. */
    static Connection before(Connection delegate, List<?> theirs) {
        AtomicBoolean done = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("transact") && done.compareAndSet(false, true)) {
                        Tx.transact(delegate, theirs);
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
