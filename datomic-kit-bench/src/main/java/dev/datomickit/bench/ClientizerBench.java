package dev.datomickit.bench;

import clojure.lang.Keyword;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import datomic.Util;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxEntity;
import dev.datomickit.core.json.Clientizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Clientizing 1,000 comments (each with its author and post) to a JSON string.
 *
 * <ul>
 *   <li>{@code kitClientizer}: a {@link Clientizer}'s {@code applyAll} (one {@code pullMany}), then
 *       Jackson.
 *   <li>{@code handWrittenPullLoop}: without datomic-kit, {@code Database.pull} per comment, a map
 *       built field by field (uuid and instant to text, the enum's ident), then the same mapper.
 *   <li>{@code handWrittenPullMany}: the same by hand with one {@code pullMany}.
 *   <li>{@code floorPullManyOnly}: the pull alone, without client maps or JSON: the floor.
 * </ul>
 *
 * <p>{@code FairComparisonTest} checks that the three clientizing variants write the same JSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ClientizerBench {

    static final int COMMENTS = 1_000;

    static final String SCHEMA = """
            [{:db/ident :user/id :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
             {:db/ident :user/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :user/password-hash :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :post/id :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
             {:db/ident :post/title :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :comment/id :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
             {:db/ident :comment/content :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :comment/created-at :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}
             {:db/ident :comment/status :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
             {:db/ident :comment/author :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
             {:db/ident :comment/post :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
             {:db/ident :comment.status/visible}
             {:db/ident :comment.status/hidden}]
            """;

    static final Clientizer CL_COMMENT = Clientizer.of("[:comment/id :comment/content :comment/created-at"
            + " :comment/status {:comment/author [:user/id :user/name]} {:comment/post [:post/id]}]");

    /** The pattern a user writes by hand: the enum's ident must be asked for. */
    static final String HAND_PATTERN = "[:comment/id :comment/content :comment/created-at {:comment/status [:db/ident]}"
            + " {:comment/author [:user/id :user/name]} {:comment/post [:post/id]}]";

    private static final Keyword COMMENT_ID = Kw.of("comment/id");
    private static final Keyword CONTENT = Kw.of("comment/content");
    private static final Keyword CREATED_AT = Kw.of("comment/created-at");
    private static final Keyword STATUS = Kw.of("comment/status");
    private static final Keyword AUTHOR = Kw.of("comment/author");
    private static final Keyword POST = Kw.of("comment/post");
    private static final Keyword USER_ID = Kw.of("user/id");
    private static final Keyword USER_NAME = Kw.of("user/name");
    private static final Keyword POST_ID = Kw.of("post/id");
    private static final Keyword DB_IDENT = Kw.of("db/ident");

    final ObjectMapper mapper = new ObjectMapper();
    Database db;
    List<Object> ids;

    @Setup
    public void setUp() {
        Connection conn = database();
        db = conn.db();
        ids = new ArrayList<>(COMMENTS);
        for (List<Object> row : Peer.q("[:find ?c :where [?c :comment/id]]", db)) {
            ids.add(row.get(0));
        }
        ids.sort((a, b) -> Long.compare((Long) a, (Long) b));
    }

    /** 50 users, 20 posts and 1,000 comments, in a new in-memory database. */
    static Connection database() {
        String uri = "datomic:mem://bench-clientizer-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        Connection conn = Peer.connect(uri);
        Tx.transact(conn, (List<?>) Util.read(SCHEMA));
        List<Object> data = new ArrayList<>();
        for (int u = 0; u < 50; u++) {
            data.add(Tx.entity("user-" + u).set("user/id", new UUID(1, u)).set("user/name", "User " + u)
                    .set("user/password-hash", "$2a$12$" + u));
        }
        for (int p = 0; p < 20; p++) {
            data.add(Tx.entity("post-" + p).set("post/id", new UUID(2, p)).set("post/title", "Post " + p));
        }
        Tx.transact(conn, Tx.dataOf(data));
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        List<Object> comments = new ArrayList<>();
        for (int c = 0; c < COMMENTS; c++) {
            TxEntity comment = Tx.entity().set("comment/id", new UUID(3, c))
                    .set("comment/content", "Comment number " + c + " about entities, pulls and clients")
                    .set("comment/created-at", Date.from(start.plusSeconds(c * 61L)))
                    .set("comment/status", Kw.of(c % 10 == 0 ? "comment.status/hidden" : "comment.status/visible"))
                    .set("comment/author", Tx.lookup("user/id", new UUID(1, c % 50)))
                    .set("comment/post", Tx.lookup("post/id", new UUID(2, c % 20)));
            comments.add(comment);
        }
        Tx.transact(conn, Tx.dataOf(comments));
        return conn;
    }

    /** The library: one clientizer, one pullMany, then Jackson. */
    @Benchmark
    public String kitClientizer() throws JsonProcessingException {
        return mapper.writeValueAsString(CL_COMMENT.applyAll(db, ids));
    }

    /** By hand: Database.pull per comment, a map built field by field, then Jackson. */
    @Benchmark
    public String handWrittenPullLoop() throws JsonProcessingException {
        List<Map<String, Object>> out = new ArrayList<>(ids.size());
        for (Object id : ids) {
            out.add(clientize(db.pull(HAND_PATTERN, id)));
        }
        return mapper.writeValueAsString(out);
    }

    /** By hand with one pullMany: the fastest hand-written form. */
    @Benchmark
    public String handWrittenPullMany() throws JsonProcessingException {
        List<Map> pulled = db.pullMany(HAND_PATTERN, ids);
        List<Map<String, Object>> out = new ArrayList<>(pulled.size());
        for (Map<?, ?> comment : pulled) {
            out.add(clientize(comment));
        }
        return mapper.writeValueAsString(out);
    }

    /** The floor: the pull alone, without building client maps or JSON. */
    @Benchmark
    public Object floorPullManyOnly() {
        return db.pullMany(HAND_PATTERN, ids);
    }

    private static Map<String, Object> clientize(Map<?, ?> comment) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", comment.get(COMMENT_ID).toString());
        out.put("content", comment.get(CONTENT));
        out.put("createdAt", ((Date) comment.get(CREATED_AT)).toInstant().toString());
        Map<?, ?> status = (Map<?, ?>) comment.get(STATUS);
        if (status != null) {
            out.put("status", ((Keyword) status.get(DB_IDENT)).getName());
        }
        Map<?, ?> author = (Map<?, ?>) comment.get(AUTHOR);
        if (author != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", author.get(USER_ID).toString());
            a.put("name", author.get(USER_NAME));
            out.put("author", a);
        }
        Map<?, ?> post = (Map<?, ?>) comment.get(POST);
        if (post != null) {
            out.put("post", Map.of("id", post.get(POST_ID).toString()));
        }
        return out;
    }
}
