package dev.datomickit.bench;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Tx;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The heap that live forks retain: {@code forks} forks of a database of {@code datoms} datoms, each
 * with {@code writes} small transactions (one new user: two datoms and the transaction's instant),
 * all kept reachable, against the same number of writes on {@code datomic:mem} databases, each
 * holding a copy of the data, which is what a test gets without forks.
 *
 * <p>Method: in a JVM of its own with the serial collector (whose full collection, on
 * {@code System.gc()}, compacts the whole heap and leaves exactly the reachable objects), build the
 * origin, create and drop one round of forks to load and compile what they use, then measure the
 * heap after a full collection before the forks exist, while they are all reachable, and after
 * they are dropped. Retained per fork is the difference divided by their number; the measurement is
 * repeated and reported with its spread, and what stays after dropping them shows any leak.
 * {@code scripts/bench ForkMemory} runs it for databases of 10,000, 100,000 and 1,000,000 datoms,
 * at 0, 10 and 100 transactions per fork.
 */
public final class ForkMemory {

    static final String NAME = ForkMemory.class.getName();
    static final List<Integer> DEFAULT_DATOMS = List.of(10_000, 100_000, 1_000_000);
    static final List<Integer> DEFAULT_WRITES = List.of(0, 10, 100);
    static final int DEFAULT_FORKS = 1_000;
    /** The database size and writes per fork of the comparison with datomic:mem databases. */
    static final int COMPARED_DATOMS = 100_000;
    static final int COMPARED_WRITES = 10;
    /** Enough datomic:mem databases to measure one, few enough to fit the heap at every size. */
    static final int MEM_DATABASES = 5;
    static final int REPEATS = 5;
    private static final int CHUNK = 10_000;
    private static final List<String> JVM_ARGS = List.of("-XX:+UseSerialGC", "-XX:MarkSweepDeadRatio=0", "-Xmx4g");

    private static final AtomicLong NEXT_USER = new AtomicLong();
    private static final Map<Connection, String> MEM_URIS = new ConcurrentHashMap<>();

    private ForkMemory() {}

    /** Retained heap per connection over the repeats, and what stayed after dropping them, in bytes. */
    record Retained(long[] perConnection, long leftPerConnection) {}

    /** The users that make about {@code datoms} datoms: three each (email, name, age). */
    static int usersFor(int datoms) {
        return (datoms + 2) / 3;
    }

    /** A fork-built origin, as a starting point builds it: the schema, then the users in chunks. */
    static Connection origin(int datoms) {
        Connection origin = Forks.mock();
        fill(origin, usersFor(datoms));
        return origin;
    }

    private static void fill(Connection conn, int users) {
        Tx.transact(conn, Fixtures.SCHEMA.txData());
        for (int from = 0; from < users; from += CHUNK) {
            int to = Math.min(users, from + CHUNK);
            List<Object> chunk = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                chunk.add(Map.of(Fixtures.EMAIL, "user" + i + "@example.com", Fixtures.NAME, "User " + i, Fixtures.AGE,
                        (long) (20 + i % 50)));
            }
            Tx.transact(conn, chunk);
        }
    }

    /** A fork of the origin with {@code writes} transactions of one new user each. */
    static Connection forkWithWrites(Connection origin, int writes) {
        Connection fork = Forks.fork(origin);
        write(fork, writes);
        return fork;
    }

    private static void write(Connection conn, int writes) {
        for (int i = 0; i < writes; i++) {
            Tx.transact(conn, Fixtures.newUser(NEXT_USER.incrementAndGet()));
        }
    }

    /** A new datomic:mem database holding the same users, with {@code writes} transactions. */
    static Connection memDatabaseWithWrites(int datoms, int writes) {
        String uri = "datomic:mem://fork-memory-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        Connection conn = Peer.connect(uri);
        MEM_URIS.put(conn, uri);
        fill(conn, usersFor(datoms));
        write(conn, writes);
        return conn;
    }

    /**
     * Measures the heap {@code count} connections made by {@code make} retain: once to warm up, then
     * {@code repeats} times; {@code drop} releases each one.
     */
    static Retained measure(int count, int repeats, IntFunction<Connection> make, Consumer<Connection> drop) {
        List<Connection> live = new ArrayList<>(count);
        long[] perConnection = new long[repeats];
        long left = Long.MIN_VALUE;
        // One more round than measured: the first loads and compiles what the connections use.
        for (int r = -1; r < repeats; r++) {
            long before = usedAfterGc();
            for (int i = 0; i < count; i++) {
                live.add(make.apply(i));
            }
            long during = usedAfterGc();
            live.forEach(drop);
            live.clear();
            long after = usedAfterGc();
            if (r >= 0) {
                perConnection[r] = (during - before) / count;
                left = Math.max(left, (after - before) / count);
            }
        }
        return new Retained(perConnection, left);
    }

    /**
     * Heap in use after full collections, once three in a row agree within 16 KiB. Exact only with
     * the serial collector and {@code -XX:MarkSweepDeadRatio=0}: by default its full collection
     * leaves up to 5% of dead objects in place ("dead wood", to move less) in all but every fourth
     * collection, which shows here as connections retained after they were dropped.
     */
    static long usedAfterGc() {
        long[] last = {Long.MIN_VALUE, Long.MIN_VALUE / 2, Long.MAX_VALUE};
        for (int i = 0; i < 30; i++) {
            System.gc();
            System.runFinalization();
            last[i % 3] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long min = Math.min(last[0], Math.min(last[1], last[2]));
            long max = Math.max(last[0], Math.max(last[1], last[2]));
            if (i >= 2 && max - min < 16 * 1024) {
                return last[i % 3];
            }
        }
        throw new IllegalStateException("The heap did not settle after 30 full collections: " + Arrays.toString(last));
    }

    /**
     * Measures one database size: {@code ForkMemory DATOMS FORKS WRITES[,WRITES...] [DATABASES WRITES]}.
     * Prints one result line per number of writes, and one for the datomic:mem databases if asked.
     *
     * @param args the datoms in the origin, the forks per measurement, the writes per fork (comma
     *     separated) and, optionally, how many datomic:mem databases to measure and with how many writes
     */
    public static void main(String[] args) {
        if (args.length != 3 && args.length != 5) {
            System.err.println("Usage: ForkMemory DATOMS FORKS WRITES[,WRITES...] [DATABASES WRITES]");
            System.exit(2);
        }
        int datoms = Integer.parseInt(args[0]);
        int forks = Integer.parseInt(args[1]);
        List<Integer> writes = Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList();
        Connection origin = origin(datoms);
        for (int w : writes) {
            Retained retained = measure(forks, REPEATS, i -> forkWithWrites(origin, w), conn -> {});
            System.out.println(ChildJvm.format(result("fork", datoms, w, forks, retained)));
        }
        if (args.length == 5) {
            int databases = Integer.parseInt(args[3]);
            int w = Integer.parseInt(args[4]);
            Retained retained = measure(databases, REPEATS, i -> memDatabaseWithWrites(datoms, w), ForkMemory::delete);
            System.out.println(ChildJvm.format(result("memDatabase", datoms, w, databases, retained)));
        }
        System.exit(0); // the peer's threads would keep the JVM alive
    }

    /** Deletes a datomic:mem database made by {@link #memDatabaseWithWrites}, freeing its memory. */
    private static void delete(Connection conn) {
        Peer.deleteDatabase(MEM_URIS.remove(conn));
    }

    private static Map<String, Object> result(String kind, int datoms, int writes, int count, Retained retained) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kind", kind);
        result.put("datoms", datoms);
        result.put("writes", writes);
        result.put("count", count);
        result.put("bytes", Arrays.stream(retained.perConnection()).mapToObj(Long::toString).collect(Collectors.joining(",")));
        result.put("left", retained.leftPerConnection());
        return result;
    }

    /** Runs every database size in a JVM of its own; prints the table; returns the comparison. */
    static List<Ratios.Score> measure(List<Integer> sizes, List<Integer> writes, int forks, PrintStream out) {
        List<Map<String, String>> results = new ArrayList<>();
        String writesArg = writes.stream().map(String::valueOf).collect(Collectors.joining(","));
        for (int datoms : sizes) {
            out.printf(Locale.ROOT, "# ForkMemory: %,d forks of a %,d-datom database, %s transactions each%n", forks, datoms,
                    writesArg);
            List<String> args = new ArrayList<>(List.of(Integer.toString(datoms), Integer.toString(forks), writesArg));
            if (datoms == COMPARED_DATOMS) {
                if (!writes.contains(COMPARED_WRITES)) {
                    args.set(2, writesArg + "," + COMPARED_WRITES);
                }
                args.addAll(List.of(Integer.toString(MEM_DATABASES), Integer.toString(COMPARED_WRITES)));
            }
            results.addAll(ChildJvm.run(ForkMemory.class, JVM_ARGS, args, out));
        }
        out.println();
        out.print(table(results));
        out.println();
        List<Ratios.Score> scores = new ArrayList<>();
        for (Map<String, String> r : results) {
            if (Integer.parseInt(r.get("datoms")) == COMPARED_DATOMS && Integer.parseInt(r.get("writes")) == COMPARED_WRITES) {
                long[] bytes = bytes(r);
                String method = r.get("kind").equals("fork") ? "kitFork" : "memDatabase";
                scores.add(new Ratios.Score(NAME + "." + method, "datoms=" + COMPARED_DATOMS + " writes=" + COMPARED_WRITES, 1,
                        false, Arrays.stream(bytes).average().orElse(Double.NaN),
                        (Arrays.stream(bytes).max().orElse(0) - Arrays.stream(bytes).min().orElse(0)) / 2.0, "bytes/conn"));
            }
        }
        return scores;
    }

    static String table(List<Map<String, String>> results) {
        StringBuilder table = new StringBuilder("| connections | database | transactions each | retained per connection"
                + " (min to max) | per transaction | left after dropping them |\n|---|---|---|---|---|---|\n");
        Map<String, Double> atZero = new LinkedHashMap<>();
        for (Map<String, String> r : results) {
            long[] bytes = bytes(r);
            double mean = Arrays.stream(bytes).average().orElse(Double.NaN);
            int writes = Integer.parseInt(r.get("writes"));
            if (writes == 0) {
                atZero.put(r.get("kind") + r.get("datoms"), mean);
            }
            Double zero = atZero.get(r.get("kind") + r.get("datoms"));
            String perTransaction = writes == 0 || zero == null ? "" : size((mean - zero) / writes);
            table.append(String.format(Locale.ROOT, "| %,d %s | %,d datoms | %d | %s (%s to %s) | %s | %s |%n",
                    Integer.parseInt(r.get("count")), r.get("kind").equals("fork") ? "forks" : "datomic:mem databases",
                    Integer.parseInt(r.get("datoms")), writes, size(mean), size(Arrays.stream(bytes).min().orElse(0)),
                    size(Arrays.stream(bytes).max().orElse(0)), perTransaction, size(Long.parseLong(r.get("left")))));
        }
        return table.toString();
    }

    private static long[] bytes(Map<String, String> result) {
        return Arrays.stream(result.get("bytes").split(",")).mapToLong(Long::parseLong).toArray();
    }

    /** Bytes as text: "512 B", "31.2 KiB", "45.0 MiB". */
    static String size(double bytes) {
        double abs = Math.abs(bytes);
        if (abs >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
        }
        if (abs >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
        }
        return String.format(Locale.ROOT, "%.0f B", bytes);
    }
}
