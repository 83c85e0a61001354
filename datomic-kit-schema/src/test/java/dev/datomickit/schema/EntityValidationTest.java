package dev.datomickit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import datomic.Connection;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Schema#validate}: every violation of a client's entity map, with the path to it. */
class EntityValidationTest {

    private static Connection conn;

    @BeforeAll
    static void installSchema() {
        conn = TestDatabases.empty();
        Schemas.USERS.ensure(conn);
        Schemas.EVERY_TYPE.ensure(conn);
    }

    private static Map<Object, Object> map(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static List<String> violations(Map<?, ?> entity) {
        return Schemas.USERS.validate(entity).stream().map(Violation::toString).toList();
    }

    @Test
    void aValidMapHasNoViolationsAndDatomicAcceptsIt() {
        Map<Object, Object> user = map(
                Kw.of("user/email"), "alice@example.com",
                Kw.of("user/name"), "Alice",
                Kw.of("user/age"), 42L,
                Kw.of("user/roles"), List.of(Kw.of("role/admin")),
                Kw.of("user/status"), Kw.of("user.status/active"),
                Kw.of("user/address"), map(Kw.of("address/city"), "Lyon"),
                Kw.of("user/scores"), Set.of(1L, 2L),
                Kw.of("time/created"), new Date(),
                Kw.of("db/ensure"), Kw.of("user/validate"));

        assertThat(Schemas.USERS.validate(user)).isEmpty();
        Tx.transact(conn, List.of(user));
    }

    @Test
    void keysMayBeTextAndEnumValuesMayBeText() {
        assertThat(violations(map("user/email", "a@example.com", ":user/status", "user.status/suspended",
                "user/age", 7))).isEmpty();
    }

    @Test
    void everyViolationIsReportedWithItsPath() {
        Map<Object, Object> user = map(
                "user/email", 42L,
                "user/nmae", "typo",
                "user/roles", Kw.of("role/admin"),
                "user/age", List.of(1L, 2L),
                "user/status", Kw.of("user.status/deleted"),
                "user/address", map("address/city", true, "address/zip", "69001"),
                "user/scores", List.of(1L, "two"),
                "user/org+email", List.of("acme", "a@example.com"),
                "user/name", null,
                "user//bad", 1L,
                "db/ensure", "user/validate");

        assertThat(violations(user)).containsExactly(
                "[:user/email] expects :db.type/string, found integer 42",
                "[:user/nmae] unknown attribute: the schema has no :user/nmae",
                "[:user/roles] expects a collection of values (cardinality many), found a single keyword"
                        + " :role/admin",
                "[:user/age] expects a single value (cardinality one), found a collection of 2 values",
                "[:user/status] expects one of [:user.status/active :user.status/suspended], found"
                        + " keyword :user.status/deleted",
                "[:user/address :address/city] expects :db.type/string, found boolean true",
                "[:user/address :address/zip] unknown attribute: the schema has no :address/zip",
                "[:user/scores 1] expects :db.type/long, found string \"two\"",
                "[:user/org+email] is a composite tuple Datomic derives from [:user/org :user/email]; send those"
                        + " attributes instead",
                "[:user/name] is null; leave the attribute out instead",
                "[] the key string \"user//bad\" is not an attribute: Malformed keyword \"user//bad\": more"
                        + " than one '/'; expected [namespace/]name such as \"user/email\"",
                "[:time/created] missing: required by the entity spec :user/validate");
    }

    @Test
    void datomicRefusesWhatValidationReports() {
        Map<Object, Object> wrongType = map(Kw.of("user/email"), 42L);
        Map<Object, Object> unknown = map(Kw.of("user/nmae"), "typo");
        Map<Object, Object> missing = map(Kw.of("user/email"), "bob@example.com", Kw.of("db/ensure"),
                Kw.of("user/validate"));
        Map<Object, Object> badEnum = map(Kw.of("user/email"), "eve@example.com", Kw.of("user/status"),
                Kw.of("user.status/deleted"));

        for (Map<Object, Object> entity : List.of(wrongType, unknown, missing, badEnum)) {
            assertThat(Schemas.USERS.validate(entity)).as("%s", entity).hasSize(1);
            assertThat(catchThrowableOfType(TransactionException.class, () -> Tx.transact(conn, List.of(entity))))
                    .as("Datomic refuses %s", entity).isNotNull();
        }
    }

    @Test
    void anEntitySpecCanBeNamedByTheCaller() {
        Map<Object, Object> post = map("post/title", "Hello");

        assertThat(Schemas.USERS.validate(post, "post/validate").stream().map(Violation::toString))
                .containsExactly("[:time/created] missing: required by the entity spec :post/validate");
        assertThat(Schemas.USERS.validate(post)).isEmpty();
        assertThatThrownBy(() -> Schemas.USERS.validate(post, "post/other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No entity spec :post/other in this schema; its entity specs are [:post/validate,"
                        + " :user/validate]");
        assertThat(violations(map("db/ensure", "post/other")))
                .containsExactly("[:db/ensure] the schema has no entity spec \"post/other\"");
    }

    @Test
    void refsAcceptIdsIdentsLookupRefsTempidsAndNestedMaps() {
        assertThat(violations(map("user/friends", List.of(17592186045418L, "tempid", Kw.of("some/ident"),
                List.of(Kw.of("user/email"), "bob@example.com"), map("user/email", "carol@example.com"))))).isEmpty();
        assertThat(violations(map("user/address", List.of(Kw.of("user/email"), "bob@example.com")))).isEmpty();

        assertThat(violations(map("user/friends", List.of(List.of(Kw.of("user/name"), "Bob"),
                List.of(Kw.of("user/email"), 7L), 1.5, List.of(1L, 2L, 3L))))).containsExactly(
                "[:user/friends 0] lookup ref [:user/name \"Bob\"] names :user/name, which is not a unique attribute"
                        + " of the schema",
                "[:user/friends 1] lookup ref [:user/email 7]: :user/email expects :db.type/string, found"
                        + " integer 7",
                "[:user/friends 2] expects a ref (an entity id, an ident, a lookup ref or a nested entity map), found"
                        + " float 1.5",
                "[:user/friends 3] expects a ref; a list must be a lookup ref [attribute value], found list [1 2 3]");
    }

    @Test
    void reverseRefsAreCheckedAgainstTheirForwardAttribute() {
        assertThat(violations(map("user/_friends", List.of(map("user/email", 1L)), "user/_name", "x")))
                .containsExactly(
                        "[:user/_friends 0 :user/email] expects :db.type/string, found integer 1",
                        "[:user/_name] unknown reverse attribute: the schema has no ref attribute :user/name");
    }

    @Test
    void tuplesAreCheckedForShapeAndElementTypes() {
        Schema schema = Schemas.EVERY_TYPE;
        Map<Object, Object> entity = new HashMap<>();
        entity.put("t/point", List.of(1L));
        assertThat(schema.validate(entity)).extracting(Violation::toString)
                .containsExactly("[:t/point] expects a tuple of 2 to 8 :db.type/long elements, found 1");

        entity.put("t/point", java.util.Arrays.asList(1L, "2", null));
        entity.put("t/pair", List.of(List.of("a", 1L), List.of("b"), "c"));
        assertThat(schema.validate(entity)).extracting(Violation::toString).containsExactlyInAnyOrder(
                "[:t/point 1] expects :db.type/long (or nil), found string \"2\"",
                "[:t/pair 1] expects a tuple of 2 elements [:db.type/string :db.type/long], found 1",
                "[:t/pair 2] expects a tuple (a list), found string \"c\"");
    }

    @Test
    void theViolationNamesItsAttribute() {
        Violation nested = Schemas.USERS.validate(map("user/scores", List.of("x"))).get(0);
        Violation top = Schemas.USERS.validate(map(1, 2)).get(0);

        assertThat(nested.path()).containsExactly(Kw.of("user/scores"), 0);
        assertThat(nested.attribute()).contains(Kw.of("user/scores"));
        assertThat(top.attribute()).isEmpty();
        assertThat(Schemas.USERS.validate(null)).extracting(Violation::message).containsExactly("the entity map is null");
    }
}
