package dev.datomickit.example.users;

import datomic.Connection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection that delegates to another and lets a test see and hold its transactions: it counts
 * them, and runs a hook before each, which may block to keep a request in flight.
 */
final class InterceptedConnection {

    /** Runs before each transaction is handed to the real connection. */
    @FunctionalInterface
    interface Hook {
        void beforeTransaction(List<?> txData) throws Exception;
    }

    private InterceptedConnection() {}

    static Connection counting(Connection delegate, AtomicInteger transactions) {
        return intercept(delegate, txData -> transactions.incrementAndGet());
    }

    static Connection intercept(Connection delegate, Hook hook) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("transact")) {
                        hook.beforeTransaction((List<?>) args[0]);
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
