package dev.datomickit.core;

import clojure.lang.IBlockingDeref;
import clojure.lang.IDeref;
import clojure.lang.IPending;
import datomic.ListenableFuture;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A future that is already done, with a value or a failure: what a forked connection returns, since
 * it applies a transaction before {@code transact} returns.
 *
 * <p>Like Datomic's own futures it is also a Clojure reference, so {@code @(d/transact fork tx)},
 * {@code (deref f 1000 :timeout)} and {@code (realized? f)} behave as they do on a peer connection;
 * a failed future throws the {@link ExecutionException} from {@code deref} too.
 */
final class CompletedFuture<T> implements ListenableFuture<T>, IDeref, IBlockingDeref, IPending {

    private final T value;
    private final Throwable failure;

    private CompletedFuture(T value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    static <T> CompletedFuture<T> of(T value) {
        return new CompletedFuture<>(value, null);
    }

    static <T> CompletedFuture<T> failed(Throwable failure) {
        return new CompletedFuture<>(null, Objects.requireNonNull(failure, "failure"));
    }

    @Override
    public T get() throws ExecutionException {
        if (failure != null) {
            // A new exception per call, as FutureTask does, so its stack trace shows the caller.
            throw new ExecutionException(failure);
        }
        return value;
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws ExecutionException {
        return get();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean isDone() {
        return true;
    }

    @Override
    public void addListener(Runnable listener, Executor executor) {
        Objects.requireNonNull(listener, "listener");
        executor.execute(listener);
    }

    @Override
    public Object deref() {
        try {
            return get();
        } catch (ExecutionException e) {
            throw CompletedFuture.<RuntimeException>sneaky(e);
        }
    }

    @Override
    public Object deref(long timeoutMillis, Object timeoutValue) {
        return deref();
    }

    @Override
    public boolean isRealized() {
        return true;
    }

    @Override
    public String toString() {
        return failure == null ? "CompletedFuture[" + Edn.show(value) + "]" : "CompletedFuture[failed: " + failure + "]";
    }

    /** Throws a checked exception through {@code deref}, which cannot declare it (Clojure does the same). */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
