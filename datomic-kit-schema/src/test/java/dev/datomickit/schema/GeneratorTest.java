package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.BOOLEAN;
import static dev.datomickit.core.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clojure.lang.Keyword;
import clojure.lang.RT;
import datomic.Connection;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Generator}: seeded, reproducible entity data that the schema and Datomic both accept. */
class GeneratorTest {

    /** Text of generated data (bytes and URIs by content), so that two batches can be compared. */
    private static String text(List<Map<Keyword, Object>> entities) {
        StringBuilder text = new StringBuilder();
        for (Map<Keyword, Object> entity : entities) {
            entity.forEach((k, v) -> text.append(k).append(' ')
                    .append(v instanceof byte[] b ? Arrays.toString(b) : v instanceof java.net.URI u ? u.toString()
                            : RT.printString(v)).append('\n'));
        }
        return text.toString();
    }

    @Test
    void theSameSeedGivesTheSameData() {
        String first = text(Schemas.EVERY_TYPE.generator(7).entities("t", 50));
        String again = text(Schemas.EVERY_TYPE.generator(7).entities("t", 50));
        String other = text(Schemas.EVERY_TYPE.generator(8).entities("t", 50));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void generatedEntitiesAreValidAndDatomicAcceptsThem() {
        Connection conn = TestDatabases.empty();
        Schemas.EVERY_TYPE.ensure(conn);
        Schemas.USERS.ensure(conn);

        for (Schema schema : List.of(Schemas.EVERY_TYPE, Schemas.USERS)) {
            Generator generator = schema.generator(42);
            for (String kind : schema.namespaces()) {
                List<Map<Keyword, Object>> entities = generator.entities(kind, 100);
                for (Map<Keyword, Object> entity : entities) {
                    assertThat(schema.validate(entity)).as("%s", entity).isEmpty();
                }
                Tx.transact(conn, entities);
            }
        }
        assertThat(dev.datomickit.core.Entities.withAttribute(conn.db(), "t/string+long")).hasSizeGreaterThan(20);
    }

    @Test
    void everyValueTypeAndCardinalityIsGenerated() {
        List<Map<Keyword, Object>> entities = Schemas.EVERY_TYPE.generator(1).entities("t", 40);
        Set<Keyword> seen = new HashSet<>();
        entities.forEach(e -> seen.addAll(e.keySet()));

        assertThat(seen).extracting(Keyword::getName).containsExactlyInAnyOrder("string", "boolean", "long", "bigint",
                "float", "double", "bigdec", "instant", "uuid", "uri", "keyword", "symbol", "bytes", "point", "pair");
        assertThat(entities).allSatisfy(e -> {
            Object pair = e.get(Kw.of("t/pair"));
            assertThat(pair == null || pair instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof List<?>).isTrue();
        });
    }

    @Test
    void uniqueValuesAreNeverRepeated() {
        List<Map<Keyword, Object>> users = Schemas.USERS.generator(3).entities("user", 500);

        assertThat(users).extracting(u -> u.get(Kw.of("user/email"))).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void anEntitySpecKindHasEveryRequiredAttributeIncludingSharedOnes() {
        List<Map<Keyword, Object>> users = Schemas.USERS.generator(5).entities("user/validate", 30);
        List<Map<Keyword, Object>> posts = Schemas.USERS.generator(5).entities("post/validate", 30);

        assertThat(users).allSatisfy(u -> assertThat(u).containsKeys(Kw.of("user/email"), Kw.of("time/created")));
        assertThat(posts).allSatisfy(p -> assertThat(p).containsKeys(Kw.of("post/title"), Kw.of("time/created")));
        assertThat(users).allSatisfy(u -> assertThat(Schemas.USERS.validate(u, "user/validate")).isEmpty());
    }

    @Test
    void derivedDeprecatedAndUnknownTargetAttributesAreLeftOut() {
        List<Map<Keyword, Object>> users = Schemas.USERS.generator(9).entities("user", 100);

        assertThat(users).allSatisfy(u -> assertThat(u).doesNotContainKeys(Kw.of("user/org+email"),
                Kw.of("user/nickname"), Kw.of("user/friends"), Kw.of("user/address")));
    }

    @Test
    void valuesCanBeGivenForAttributesTheGeneratorCannotInvent() {
        Schema schema = Schema.builder().namespace("user", u -> {
            u.attr("email", STRING).identity().preds("my.app/email?");
            u.entity("validate").requires("email");
        }).build();

        assertThatThrownBy(() -> schema.generator(1).entity("user/validate"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot generate :user/email, required by user/validate: its predicates"
                        + " [my.app/email?] decide which values are valid; give its values with"
                        + " Generator.with(\"user/email\", random -> …)");

        Map<Keyword, Object> user = schema.generator(1)
                .with("user/email", random -> "user" + random.nextInt(1000) + "@example.com")
                .entity("user/validate");
        assertThat((String) user.get(Kw.of("user/email"))).matches("user\\d+@example\\.com");
    }

    @Test
    void tuplesOfRefsAreLeftOutUnlessGiven() {
        Schema schema = Schema.builder().namespace("edge", e -> {
            e.tupleOf("ends", dev.datomickit.core.ValueType.REF);
            e.tuple("labelled", STRING, dev.datomickit.core.ValueType.REF);
            e.attr("name", STRING).identity();
        }).build();

        assertThat(schema.generator(1).entities("edge", 20))
                .allSatisfy(e -> assertThat(e).containsOnlyKeys(Kw.of("edge/name")));
    }

    @Test
    void runningOutOfUniqueValuesIsReported() {
        Schema schema = Schema.builder().namespace("flag", f -> f.attr("on", BOOLEAN).identity()).build();
        Generator generator = schema.generator(1);
        generator.entities("flag", 2);

        assertThatThrownBy(() -> generator.entity("flag")).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot generate another unique value of :flag/on after 1000 tries (2 values used)");
    }

    @Test
    void unknownKindsAndAttributesAreRefused() {
        Generator generator = Schemas.USERS.generator(1);

        assertThatThrownBy(() -> generator.entity("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown kind \"nope\": expected a namespace [address, post, time, user] or an entity spec"
                        + " [post/validate, user/validate]");
        assertThatThrownBy(() -> generator.entity("user/nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.with("user/nope", r -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Generator.with: the schema has no attribute :user/nope");
        assertThatThrownBy(() -> generator.entities("user", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
