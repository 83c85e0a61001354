package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import clojure.lang.IExceptionInfo;
import datomic.Connection;
import datomic.Database;
import datomic.ListenableFuture;
import datomic.Peer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ForksTest {

    private final Connection origin = TestDatabases.schemaConnection();

    @Test
    void forkSeesTheOriginsValueAndWritesOnlyToItself() {
        Database originDb = origin.db();
        Connection fork = Forks.fork(origin);

        assertThat(fork.db()).isEqualTo(originDb);
        TxResult result = Tx.transact(fork, Tx.data(Tx.entity("eve").set("user/email", "eve@example.com")));

        assertThat(fork.db().basisT()).isEqualTo(result.t()).isGreaterThan(originDb.basisT());
        assertThat(Entities.find(fork.db(), "user/email", "eve@example.com")).isPresent();
        assertThat(Entities.find(origin.db(), "user/email", "eve@example.com")).isEmpty();
        assertThat(origin.db().basisT()).isEqualTo(originDb.basisT());
    }

    @Test
    void originWritesAfterTheForkAreNotSeenByTheFork() {
        Connection originConn = TestDatabases.createWithSchema();
        Connection fork = Forks.fork(originConn);

        Tx.transact(originConn, Tx.data(Tx.entity().set("user/email", "later@example.com")));

        assertThat(Entities.find(originConn.db(), "user/email", "later@example.com")).isPresent();
        assertThat(Entities.find(fork.db(), "user/email", "later@example.com")).isEmpty();
    }

    @Test
    void forksOfOneOriginAreIsolatedFromEachOther() {
        Connection a = Forks.fork(origin);
        Connection b = Forks.fork(origin);

        long inA = Tx.transact(a, Tx.data(Tx.entity("x").set("user/email", "same@example.com").set("user/name", "A"))).id("x");
        long inB = Tx.transact(b, Tx.data(Tx.entity("x").set("user/email", "same@example.com").set("user/name", "B"))).id("x");

        // Both got the same new entity id and t, each in its own world.
        assertThat(inA).isEqualTo(inB);
        assertThat(a.db().basisT()).isEqualTo(b.db().basisT());
        assertThat(Entities.get(a.db(), "user/email", "same@example.com").get(":user/name")).isEqualTo("A");
        assertThat(Entities.get(b.db(), "user/email", "same@example.com").get(":user/name")).isEqualTo("B");
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportHasExactlyDatomicsKeysAndTheFutureIsComplete() throws Exception {
        Connection fork = Forks.fork(origin);
        Database before = fork.db();

        ListenableFuture<Map> future = fork.transact(Tx.data(Tx.entity("a").set("user/email", "a@example.com")));

        assertThat(future.isDone()).isTrue();
        assertThat(future.isCancelled()).isFalse();
        assertThat(future.cancel(true)).isFalse();
        Map<Object, Object> report = future.get(0, TimeUnit.NANOSECONDS);
        assertThat(report.keySet()).containsExactlyInAnyOrder(
                Connection.DB_BEFORE, Connection.DB_AFTER, Connection.TX_DATA, Connection.TEMPIDS);
        assertThat(report.get(Connection.DB_BEFORE)).isEqualTo(before);
        assertThat(report.get(Connection.DB_AFTER)).isEqualTo(fork.db());
        assertThat((Map<Object, Object>) report.get(Connection.TEMPIDS)).containsOnlyKeys("a");
        assertThat((List<?>) report.get(Connection.TX_DATA)).hasSize(2);
    }

    @Test
    void everyTransactArityApplies() throws Exception {
        Connection fork = Forks.fork(origin);

        fork.transact(Tx.data(Tx.entity().set("user/email", "1@example.com"))).get();
        Map<?, ?> withContext = fork.transact(Tx.data(Tx.entity().set("user/email", "2@example.com")),
                Map.of(Kw.of("io-context"), Kw.of("test/signup"))).get();
        fork.transactAsync(Tx.data(Tx.entity().set("user/email", "3@example.com"))).get();
        fork.transactAsync(Tx.data(Tx.entity().set("user/email", "4@example.com")), null).get();

        assertThat(Entities.withAttribute(fork.db(), "user/email")).hasSize(4);
        // As from a peer connection: an I/O context adds no :io-stats to the report.
        assertThat(withContext).hasSize(4);
    }

    @Test
    void aRefusedTransactionFailsTheFutureWithDatomicsExceptionAndChangesNothing() {
        Connection fork = Forks.fork(origin);
        Tx.transact(fork, Tx.data(Tx.entity().set("account/number", "A-1")));
        Database before = fork.db();
        BlockingQueue<Map> queue = fork.txReportQueue();

        ListenableFuture<Map> future = fork.transact(Tx.data(Tx.entity().set("account/number", "A-1")));

        assertThat(future.isDone()).isTrue();
        ExecutionException failure = catchThrowableOfType(ExecutionException.class, future::get);
        assertThat(failure.getCause()).isInstanceOf(IExceptionInfo.class)
                .satisfies(c -> assertThat(((IExceptionInfo) c).getData().valAt(Kw.of("db/error")))
                        .isEqualTo(Kw.of("db.error/unique-conflict")));
        assertThat(fork.db()).isSameAs(before);
        assertThat(queue).isEmpty();
        assertThat(fork.log().txRange(before.basisT() + 1, null)).isEmpty();
    }

    @Test
    void txTransactTurnsAForkFailureIntoTheSameTransactionExceptionAsAPeerConnection() {
        Connection real = TestDatabases.createWithSchema();
        Connection fork = Forks.fork(real);
        List<Object> bad = Tx.data(Tx.add("x", "user/emial", "typo@example.com"));

        TransactionException fromPeer = catchThrowableOfType(TransactionException.class, () -> Tx.transact(real, bad));
        TransactionException fromFork = catchThrowableOfType(TransactionException.class, () -> Tx.transact(fork, bad));

        assertThat(fromFork.error()).isEqualTo(fromPeer.error()).contains(Kw.of("db.error/not-an-entity"));
        assertThat(fromFork).hasMessage(fromPeer.getMessage());
        assertThat(fromFork.data()).isEqualTo(fromPeer.data());
    }

    @Test
    void transactionFunctionsRunAsOnThePeer() {
        Connection fork = Forks.fork(origin);
        TxResult accounts = Tx.transact(fork, Tx.data(
                Tx.entity("a").set("account/number", "A-1").set("account/balance", 10L),
                Tx.entity("b").set("account/number", "B-1")));

        Tx.transact(fork, Tx.data(Tx.call("account/transfer", accounts.id("a"), accounts.id("b"), 4L)));
        assertThatThrownBy(() -> Tx.transact(fork, Tx.data(Tx.call("account/transfer", accounts.id("a"), accounts.id("b"), 99L))))
                .isInstanceOf(TransactionException.class).hasMessageContaining("Insufficient funds");

        assertThat(fork.db().entity(accounts.id("a")).get(":account/balance")).isEqualTo(6L);
    }

    @Test
    void listenersRunOnTheGivenExecutor() {
        Connection fork = Forks.fork(origin);
        List<String> ran = new ArrayList<>();
        List<Runnable> submitted = new ArrayList<>();

        ListenableFuture<Map> ok = fork.transact(Tx.data());
        ok.addListener(() -> ran.add("ok"), submitted::add);
        ListenableFuture<Map> failed = fork.transact(Tx.data(Tx.add("x", "no/such", 1L)));
        failed.addListener(() -> ran.add("failed"), submitted::add);

        assertThat(ran).isEmpty(); // only through the executor
        submitted.forEach(Runnable::run);
        assertThat(ran).containsExactly("ok", "failed");
    }

    @Test
    void reportQueueIsTheSameUntilRemovedAndReceivesReportsInOrder() throws Exception {
        Connection fork = Forks.fork(origin);
        Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "before@example.com")));

        BlockingQueue<Map> queue = fork.txReportQueue();
        assertThat(fork.txReportQueue()).isSameAs(queue);
        assertThat(queue).as("no report of transactions made before the queue existed").isEmpty();

        Map<?, ?> first = fork.transact(Tx.data(Tx.entity().set("user/email", "1@example.com"))).get();
        Map<?, ?> second = fork.transact(Tx.data(Tx.entity().set("user/email", "2@example.com"))).get();
        assertThat(queue).containsExactly(first, second);

        fork.removeTxReportQueue();
        Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "3@example.com")));
        assertThat(queue).as("a removed queue receives nothing more").hasSize(2);

        BlockingQueue<Map> next = fork.txReportQueue();
        assertThat(next).isNotSameAs(queue).isEmpty();
        Map<?, ?> fourth = fork.transact(Tx.data(Tx.entity().set("user/email", "4@example.com"))).get();
        assertThat(next).containsExactly(fourth);
    }

    @Test
    void reportQueueMatchesAPeerConnectionsBehaviour() throws Exception {
        for (Connection conn : List.of(TestDatabases.createWithSchema(), Forks.fork(origin))) {
            BlockingQueue<Map> queue = conn.txReportQueue();
            Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "q@example.com")));
            conn.removeTxReportQueue();
            Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "r@example.com")));
            BlockingQueue<Map> again = conn.txReportQueue();

            assertThat(queue).as("%s", conn).hasSize(1);
            assertThat(again).as("%s", conn).isNotSameAs(queue).isEmpty();
            assertThat(conn.txReportQueue()).isSameAs(again);
        }
    }

    @Test
    void syncRequestIndexReleaseAndGcAreHarmless() throws Exception {
        Connection fork = Forks.fork(origin);
        Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "s@example.com")));
        Database current = fork.db();

        assertThat(fork.sync().get()).isSameAs(current);
        assertThat(fork.sync(current.basisT()).get()).isSameAs(current);
        assertThat(fork.syncIndex(current.basisT()).get()).isSameAs(current);
        assertThat(fork.syncSchema(current.basisT()).get()).isSameAs(current);
        assertThat(fork.syncExcise(current.basisT()).get()).isSameAs(current);
        assertThat(fork.requestIndex()).isTrue();
        fork.gcStorage(new Date());
        fork.release();

        Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "t@example.com")));
        assertThat(Entities.withAttribute(fork.db(), "user/email")).hasSize(2);
    }

    @Test
    void forkOfAForkStartsFromItsCurrentValue() {
        Connection parent = Forks.fork(origin);
        Tx.transact(parent, Tx.data(Tx.entity().set("user/email", "parent@example.com")));
        Connection child = Forks.fork(parent);

        Tx.transact(child, Tx.data(Tx.entity().set("user/email", "child@example.com")));
        Tx.transact(parent, Tx.data(Tx.entity().set("user/email", "parent2@example.com")));

        assertThat(Entities.withAttribute(child.db(), "user/email")).extracting(e -> e.get(":user/email"))
                .containsExactly("parent@example.com", "child@example.com");
        assertThat(Entities.withAttribute(parent.db(), "user/email")).extracting(e -> e.get(":user/email"))
                .containsExactly("parent@example.com", "parent2@example.com");
    }

    @Test
    void emptyDbIsOneSharedBootstrapValue() {
        Database empty = Forks.emptyDb();

        assertThat(Forks.emptyDb()).isSameAs(empty);
        assertThat(empty.attribute(Kw.of("db/txInstant"))).isNotNull();
        assertThat(empty.entid(Kw.of("user/email"))).isNull();
        assertThat(Peer.q("[:find ?e :where [?e :db/ident _] [(>= ?e 1000)]]", empty)).isEmpty();
    }

    @Test
    void mockStartsEmptyWithAnEmptyLog() {
        Connection conn = Forks.mock();

        assertThat(conn.db()).isSameAs(Forks.emptyDb());
        assertThat(conn.log().txRange(null, null)).isEmpty();
        Tx.transact(conn, (List<?>) datomic.Util.read(TestDatabases.SCHEMA));
        Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "m@example.com")));

        assertThat(Entities.find(conn.db(), "user/email", "m@example.com")).isPresent();
        assertThat(conn.log().txRange(null, null)).hasSize(2);
        assertThat(Forks.mock().db().entid(Kw.of("user/email"))).as("mocks share nothing").isNull();
    }

    @Test
    void mockOfADatabaseValueStartsThere() {
        Connection real = TestDatabases.createWithSchema();
        TxResult seeded = Tx.transact(real, Tx.data(Tx.entity("a").set("user/email", "a@example.com")));

        Connection conn = Forks.mock(seeded.dbAfter());
        Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "b@example.com")));

        assertThat(Entities.withAttribute(conn.db(), "user/email")).hasSize(2);
        assertThat(Entities.withAttribute(real.db(), "user/email")).hasSize(1);
    }

    @Test
    void mockOfAFilteredDatabaseAppliesTheFilterToItsOwnWritesToo() {
        Database db = origin.db().filter((Database.Predicate<datomic.Datom>) (d, datom) ->
                !"hidden@example.com".equals(datom.v()));
        Connection conn = Forks.mock(db);

        Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "shown@example.com"),
                Tx.entity().set("user/email", "hidden@example.com")));

        assertThat(Entities.withAttribute(conn.db(), "user/email")).extracting(e -> e.get(":user/email"))
                .containsExactly("shown@example.com");
    }

    @Test
    void refusesViewsThatCannotTakeTransactions() {
        Database db = origin.db();

        assertThatThrownBy(() -> Forks.mock(db.history()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot fork a history view (db.history()) of database " + db.id() + ": Datomic cannot"
                        + " apply transactions to it as a connection would; fork the current database value instead");
        assertThatThrownBy(() -> Forks.mock(db.asOf(db.basisT())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot fork an as-of view (db.asOf(" + db.basisT() + ")) of database");
        assertThatThrownBy(() -> Forks.mock(db.since(db.basisT())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot fork a since view (db.since(" + db.basisT() + ")) of database");
        assertThatThrownBy(() -> Forks.mock((Database) null)).isInstanceOf(NullPointerException.class).hasMessage("db");
        assertThatThrownBy(() -> Forks.fork(null)).isInstanceOf(NullPointerException.class).hasMessage("connection");
        assertThatThrownBy(() -> Forks.mock((java.time.Clock) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("clock");
    }

    @Test
    void toStringNamesTheDatabaseAndItsBasis() {
        Connection fork = Forks.fork(origin);
        Tx.transact(fork, Tx.data());

        assertThat(fork.toString()).isEqualTo("ForkedConnection{db=" + origin.db().id() + ", basisT="
                + fork.db().basisT() + ", ownTransactions=1}");
    }
}
