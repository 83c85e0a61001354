package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code :db/txInstant} from a {@link Clock}: deterministic, monotonic, and out of the way when set explicitly. */
class ForksClockTest {

    private static final Instant NEW_YEAR = Instant.parse("2021-01-01T00:00:00Z");

    @Test
    void transactionsTakeTheClocksInstant() {
        Connection conn = Forks.mock(new TickingClock(NEW_YEAR, Duration.ofMinutes(1)));

        TxResult first = Tx.transact(conn, (List<?>) datomic.Util.read(TestDatabases.SCHEMA));
        TxResult second = Tx.transact(conn, Tx.data(Tx.entity("a").set("user/email", "a@example.com")));

        assertThat(txInstant(first)).isEqualTo(Date.from(NEW_YEAR));
        assertThat(txInstant(second)).isEqualTo(Date.from(NEW_YEAR.plusSeconds(60)));
        // The clock's statement leaves no trace in the report beyond the instant itself.
        assertThat(second.tempids()).containsOnlyKeys("a");
        assertThat(second.txData()).hasSize(2);
    }

    @Test
    void sameClockSameInstantsOnEveryRun() {
        List<Date> run1 = instantsOfThreeTransactions(Forks.mock(new TickingClock(NEW_YEAR, Duration.ofSeconds(1))));
        List<Date> run2 = instantsOfThreeTransactions(Forks.mock(new TickingClock(NEW_YEAR, Duration.ofSeconds(1))));

        assertThat(run1).isEqualTo(run2).doesNotHaveDuplicates();
    }

    @Test
    void aFixedClockGivesEveryTransactionTheSameInstant() {
        Connection conn = Forks.mock(Clock.fixed(NEW_YEAR, ZoneOffset.UTC));

        assertThat(instantsOfThreeTransactions(conn)).containsOnly(Date.from(NEW_YEAR));
    }

    @Test
    void anInstantBeforeThePreviousTransactionsIsRaisedToIt() {
        Connection origin = TestDatabases.schemaConnection();
        Database db = origin.db();
        Date originLatest = (Date) db.entity(Peer.toTx(db.basisT())).get(":db/txInstant");
        Connection fork = Forks.fork(origin, Clock.fixed(Instant.parse("2000-01-01T00:00:00Z"), ZoneOffset.UTC));

        TxResult result = Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "old@example.com")));

        assertThat(txInstant(result)).isEqualTo(originLatest);
    }

    @Test
    void anExplicitTxInstantIsKeptInMapAndListForm() {
        Connection conn = Forks.mock(new TickingClock(NEW_YEAR, Duration.ofDays(1)));
        Date mine = Date.from(NEW_YEAR.plusSeconds(5));
        Date later = Date.from(NEW_YEAR.plusSeconds(10));

        TxResult asMap = Tx.transact(conn, Tx.data(Tx.entity("datomic.tx").set("db/txInstant", mine)));
        TxResult asList = Tx.transact(conn, Tx.data(Tx.add("datomic.tx", "db/txInstant", later)));
        TxResult clocked = Tx.transact(conn, Tx.data());

        assertThat(txInstant(asMap)).isEqualTo(mine);
        assertThat(asMap.tempids()).containsOnlyKeys("datomic.tx"); // the caller's own tempid stays
        assertThat(txInstant(asList)).isEqualTo(later);
        // The clock reads NEW_YEAR, earlier than the explicit instant before it: raised to that one.
        assertThat(txInstant(clocked)).isEqualTo(later);
    }

    @Test
    void transactionMetadataOnDatomicTxWorksWithAClock() {
        Connection conn = Forks.mock(Clock.fixed(NEW_YEAR, ZoneOffset.UTC));
        Tx.transact(conn, Tx.data(Tx.entity().set("db/ident", Kw.of("audit/user")).set("db/valueType", Kw.of("db.type/string"))
                .set("db/cardinality", Kw.of("db.cardinality/one"))));

        TxResult result = Tx.transact(conn, Tx.data(Tx.entity("datomic.tx").set("audit/user", "alice")));

        assertThat(conn.db().entity(result.tx()).get(":audit/user")).isEqualTo("alice");
        assertThat(txInstant(result)).isEqualTo(Date.from(NEW_YEAR));
        assertThat(result.tempids()).containsOnlyKeys("datomic.tx");
    }

    @Test
    void datomicStillRefusesAnExplicitInstantBeforeThePreviousOne() throws Exception {
        Connection conn = Forks.mock(Clock.fixed(NEW_YEAR, ZoneOffset.UTC));
        Tx.transact(conn, Tx.data());
        Database before = conn.db();

        TransactionException e = catchThrowableOfType(TransactionException.class, () ->
                Tx.transact(conn, Tx.data(Tx.add("datomic.tx", "db/txInstant", Date.from(NEW_YEAR.minusSeconds(1))))));

        assertThat(e.error()).contains(Kw.of("db.error/past-tx-instant"));
        assertThat(conn.db()).isSameAs(before);
    }

    @Test
    void aClockInTheFutureIsRefusedByDatomicAndChangesNothing() {
        Connection conn = Forks.mock(Clock.offset(Clock.systemUTC(), Duration.ofDays(365)));
        Database before = conn.db();

        TransactionException e = catchThrowableOfType(TransactionException.class, () -> Tx.transact(conn, Tx.data()));

        assertThat(e.error()).contains(Kw.of("db.error/future-tx-instant"));
        assertThat(conn.db()).isSameAs(before);
    }

    @Test
    void aForkOfAClockedForkKeepsItsClockUnlessGivenAnother() {
        Connection parent = Forks.mock(Clock.fixed(NEW_YEAR, ZoneOffset.UTC));
        Instant later = NEW_YEAR.plusSeconds(3600);

        TxResult inChild = Tx.transact(Forks.fork(parent), Tx.data());
        TxResult inOther = Tx.transact(Forks.fork(parent, Clock.fixed(later, ZoneOffset.UTC)), Tx.data());

        assertThat(txInstant(inChild)).isEqualTo(Date.from(NEW_YEAR));
        assertThat(txInstant(inOther)).isEqualTo(Date.from(later));
    }

    @Test
    void withoutAClockDatomicChoosesTheInstant() {
        Date before = new Date();
        TxResult result = Tx.transact(Forks.mock(), Tx.data());

        assertThat(txInstant(result)).isBetween(before, new Date(), true, true);
        assertThat(result.tempids()).isEmpty();
    }

    @Test
    void clockedAndUnclockedReportsHaveTheSameShape() throws Exception {
        List<Object> data = Tx.data(Tx.entity("a").set("db/doc", "x"), Tx.entity().set("db/doc", "y"));

        Map<?, ?> plain = Forks.mock().transact(data).get();
        Map<?, ?> clocked = Forks.mock(Clock.fixed(NEW_YEAR, ZoneOffset.UTC)).transact(data).get();

        assertThat(clocked.keySet()).isEqualTo(plain.keySet());
        assertThat(((Map<?, ?>) clocked.get(Connection.TEMPIDS)).size())
                .isEqualTo(((Map<?, ?>) plain.get(Connection.TEMPIDS)).size());
        assertThat((List<?>) clocked.get(Connection.TX_DATA)).hasSameSizeAs((List<?>) plain.get(Connection.TX_DATA));
    }

    private static List<Date> instantsOfThreeTransactions(Connection conn) {
        return List.of(txInstant(Tx.transact(conn, Tx.data())), txInstant(Tx.transact(conn, Tx.data())),
                txInstant(Tx.transact(conn, Tx.data())));
    }

    private static Date txInstant(TxResult result) {
        return (Date) result.dbAfter().entity(result.tx()).get(":db/txInstant");
    }
}
