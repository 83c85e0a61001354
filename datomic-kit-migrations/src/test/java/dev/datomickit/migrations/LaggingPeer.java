package dev.datomickit.migrations;

import datomic.Connection;
import datomic.Database;
import datomic.ListenableFuture;
import datomic.Log;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;

/**
 * A connection as a peer in another process would see it: it writes through the shared
 * transactor, but its database value moves only with its own transactions and explicit syncs, as
 * if the other peers' novelty had not reached it yet. (In one JVM, {@code Peer.connect} returns the
 * same connection for a URI, so separate peers have to be simulated.) Public, and in this module's
 * test-jar, for datomic-kit-reliability's concurrent cases.
 */
public final class LaggingPeer implements Connection {

    private final Connection shared;
    private volatile Database view;

    /**
     * A peer of {@code shared} whose database starts at {@code start}.
     *
     * @param shared the connection whose transactor it writes through
     * @param start the database it sees until its own transactions or syncs move it
     */
    public LaggingPeer(Connection shared, Database start) {
        this.shared = shared;
        this.view = start;
    }

    @Override
    public Database db() {
        return view;
    }

    @Override
    public Log log() {
        return shared.log();
    }

    @Override
    public ListenableFuture<Map> transact(List txData) {
        return seen(shared.transact(txData));
    }

    @Override
    public ListenableFuture<Map> transact(List txData, Object ioContext) {
        return seen(shared.transact(txData, ioContext));
    }

    @Override
    public ListenableFuture<Map> transactAsync(List txData) {
        return seen(shared.transactAsync(txData));
    }

    @Override
    public ListenableFuture<Map> transactAsync(List txData, Object ioContext) {
        return seen(shared.transactAsync(txData, ioContext));
    }

    /** Moves the view to the transaction's result; a refused transaction changes nothing. */
    private ListenableFuture<Map> seen(ListenableFuture<Map> future) {
        try {
            view = (Database) future.get().get(DB_AFTER);
        } catch (ExecutionException refused) {
            // nothing was written, nothing to see
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return future;
    }

    @Override
    public ListenableFuture<Database> sync() {
        return synced(shared.sync());
    }

    @Override
    public ListenableFuture<Database> sync(long t) {
        return synced(shared.sync(t));
    }

    private ListenableFuture<Database> synced(ListenableFuture<Database> future) {
        try {
            view = future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("sync failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return future;
    }

    @Override
    public ListenableFuture<Database> syncIndex(long t) {
        return shared.syncIndex(t);
    }

    @Override
    public ListenableFuture<Database> syncSchema(long t) {
        return shared.syncSchema(t);
    }

    @Override
    public ListenableFuture<Database> syncExcise(long t) {
        return shared.syncExcise(t);
    }

    @Override
    public boolean requestIndex() {
        return shared.requestIndex();
    }

    @Override
    public BlockingQueue<Map> txReportQueue() {
        return shared.txReportQueue();
    }

    @Override
    public void removeTxReportQueue() {
        shared.removeTxReportQueue();
    }

    @Override
    public void gcStorage(Date olderThan) {
        shared.gcStorage(olderThan);
    }

    @Override
    public void release() {
        shared.release();
    }
}
