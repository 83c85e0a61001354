package dev.datomickit.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import datomic.Database;
import datomic.Datom;
import datomic.Entity;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.testmodel.Blog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datomic's own types written by an ObjectMapper with the module: small values, never graphs. */
class DatomicModuleTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new DatomicModule());
    private final Database db = Blog.db();

    @Test
    void keywordsAreWrittenAsTextAsValuesAndAsKeys() throws Exception {
        assertThat(mapper.writeValueAsString(Map.of(Kw.of("user/email"), Kw.of("role/admin"))))
                .isEqualTo("{\"user/email\":\"role/admin\"}");
        assertThat(mapper.writeValueAsString(List.of(Kw.of("plain"), clojure.lang.Symbol.intern("a", "b"))))
                .isEqualTo("[\"plain\",\"a/b\"]");
    }

    @Test
    void aPullResultIsWrittenAsIs() throws Exception {
        Object alice = List.of(Kw.of("user/id"), Blog.ALICE);
        Map<?, ?> pulled = db.pull("[:user/email :user/role :post/_author]", alice);

        String json = mapper.writeValueAsString(pulled);

        assertThat(json).startsWith("{\"user/email\":\"alice@example.com\",\"user/role\":{\"db/id\":")
                .contains("\"post/_author\":[{\"db/id\":");
    }

    @Test
    void entitiesAreReducedToTheirIdentOrIdAndNeverWalked() throws Exception {
        Entity alice = Entities.get(db, "user/id", Blog.ALICE);
        Entity admin = db.entity(Kw.of("role/admin"));

        assertThat(mapper.writeValueAsString(alice)).isEqualTo(alice.get(":db/id").toString());
        assertThat(mapper.writeValueAsString(admin)).isEqualTo("\"role/admin\"");
        // An entity reached through another entity is reduced too: a set of refs is a set of ids.
        String friends = mapper.writeValueAsString(Map.of("friends", alice.get(":user/friends")));
        assertThat(friends).isEqualTo("{\"friends\":[" + Entities.get(db, "user/id", Blog.BOB).get(":db/id") + "]}");
        assertThat(mapper.writeValueAsString(alice)).doesNotContain(Blog.PASSWORD_HASH);
    }

    @Test
    void datomsBecomeSmallObjects() throws Exception {
        Entity alice = Entities.get(db, "user/id", Blog.ALICE);
        Datom datom = db.datoms(Database.EAVT, alice.get(":db/id"), Kw.of("user/email")).iterator().next();

        Map<String, Object> json = mapper.readValue(mapper.writeValueAsString(datom),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});

        assertThat(json).containsEntry("e", alice.get(":db/id")).containsEntry("v", "alice@example.com")
                .containsEntry("added", true).containsKey("tx");
        assertThat(((Number) json.get("a")).longValue()).isEqualTo(db.entid(Kw.of("user/email")));
    }

    @Test
    void tuplesBigIntsAndKeywordValuesOfAnEntity() throws Exception {
        Entity post = Entities.get(db, "post/id", Blog.POST_1);

        assertThat(mapper.writeValueAsString(post.get(":post/edition"))).isEqualTo("[\"second\",2]");
        assertThat(mapper.writeValueAsString(clojure.lang.BigInt.fromBigInteger(
                new java.math.BigInteger("123456789012345678901234567890"))))
                .isEqualTo("123456789012345678901234567890");
        assertThat(mapper.writeValueAsString(post.get(":post/status"))).isEqualTo("\"post.status/published\"");
    }

    @Test
    void databasesConnectionsAndOtherInternalsAreRefused() {
        assertThatThrownBy(() -> mapper.writeValueAsString(db)).isInstanceOf(JsonMappingException.class)
                .hasMessageStartingWith("Refusing to serialize a Datomic database value: Datomic database values,"
                        + " connections and internal objects are not data")
                .hasMessageNotContaining("datomic.db");
        assertThatThrownBy(() -> mapper.writeValueAsString(Map.of("db", db))).isInstanceOf(JsonMappingException.class)
                .hasMessageStartingWith("Refusing to serialize a Datomic database value");
        assertThatThrownBy(() -> mapper.writeValueAsString(datomic.Peer.tempid(Kw.of("db.part/user"))))
                .hasMessageStartingWith("Refusing to serialize an object of Datomic's internals")
                .hasMessageNotContaining("datomic.db");
        assertThatThrownBy(() -> mapper.writeValueAsString(Blog.freshConnection()))
                .hasMessageStartingWith("Refusing to serialize a Datomic connection")
                .hasMessageNotContaining("datomic:mem");
    }

    @Test
    void theModuleRegistersOncePerMapper() {
        ObjectMapper twice = new ObjectMapper().registerModule(new DatomicModule()).registerModule(new DatomicModule());
        assertThat(twice.getRegisteredModuleIds()).hasSize(1);
    }
}
