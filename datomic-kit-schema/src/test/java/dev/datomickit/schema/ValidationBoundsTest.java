package dev.datomickit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import clojure.lang.Keyword;
import dev.datomickit.core.Kw;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Schema#validate} of hostile client values: nesting far past {@link Schema#MAX_VALIDATION_DEPTH},
 * more values than {@link Schema#MAX_VALIDATION_VALUES}, cycles, and deep values where a scalar is
 * expected. Each gives violations naming the path and the bound, never a StackOverflowError.
 */
class ValidationBoundsTest {

    private static final Keyword ADDRESS = Kw.of("user/address");
    private static final Keyword FRIENDS = Kw.of("user/friends");
    private static final Keyword EMAIL = Kw.of("user/email");
    private static final String TOO_DEEP = "nests maps and lists deeper than 32 levels, the most validation accepts;"
            + " it was not checked further";

    /** {@code levels} entity maps, each the {@code :user/address} of the one before. */
    private static Map<Object, Object> addresses(int levels) {
        Map<Object, Object> innermost = new HashMap<>(Map.of(EMAIL, "a@example.com"));
        Map<Object, Object> map = innermost;
        for (int i = 1; i < levels; i++) {
            map = new HashMap<>(Map.of(ADDRESS, map));
        }
        return map;
    }

    /** {@code levels} entity maps, each the only friend of the one before: [:user/friends 0 :user/friends 0 …]. */
    private static Map<Object, Object> friends(int levels) {
        Map<Object, Object> map = new HashMap<>(Map.of(EMAIL, "a@example.com"));
        for (int i = 1; i < levels; i++) {
            map = new HashMap<>(Map.of(FRIENDS, List.of(map)));
        }
        return map;
    }

    private static List<Object> steps(Object step, int times) {
        return Collections.nCopies(times, step);
    }

    @Test
    void nestingUpToTheBoundIsChecked() {
        assertThat(Schemas.USERS.validate(addresses(Schema.MAX_VALIDATION_DEPTH))).isEmpty();
        Map<Object, Object> wrongAtTheBottom = addresses(Schema.MAX_VALIDATION_DEPTH - 1);
        Map<Object, Object> bottom = wrongAtTheBottom;
        while (bottom.get(ADDRESS) instanceof Map<?, ?> next) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> typed = (Map<Object, Object>) next;
            bottom = typed;
        }
        bottom.put(EMAIL, 42L);

        assertThat(Schemas.USERS.validate(wrongAtTheBottom)).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("expects :db.type/string, found integer 42"));
    }

    @Test
    void nestingPastTheBoundIsOneViolationAtTheLevelWhereTheWalkStopped() {
        List<Violation> violations = Schemas.USERS.validate(addresses(Schema.MAX_VALIDATION_DEPTH + 1));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo(steps(ADDRESS, Schema.MAX_VALIDATION_DEPTH));
            assertThat(v.message()).isEqualTo(TOO_DEEP);
        });
    }

    @Test
    void aThousandAndAHundredThousandLevelsAreRefusedWithoutOverflow() {
        for (int levels : new int[] {1_000, 100_000}) {
            assertThat(Schemas.USERS.validate(addresses(levels))).extracting(Violation::message).containsExactly(TOO_DEEP);
            List<Violation> viaFriends = Schemas.USERS.validate(friends(levels));
            assertThat(viaFriends).extracting(Violation::message).containsExactly(TOO_DEEP);
            // Each friend is a map inside a list: two levels per friend.
            assertThat(viaFriends.get(0).path()).hasSize(Schema.MAX_VALIDATION_DEPTH);
        }
    }

    @Test
    void reverseRefsAndEnsureAreBoundedToo() {
        Map<Object, Object> reverse = new HashMap<>(Map.of(EMAIL, "a@example.com"));
        for (int i = 0; i < 50_000; i++) {
            reverse = new HashMap<>(Map.of(Kw.of("user/_friends"), List.of(reverse)));
        }
        Object deepList = "user/validate";
        for (int i = 0; i < 50_000; i++) {
            deepList = List.of(deepList);
        }

        assertThat(Schemas.USERS.validate(reverse)).extracting(Violation::message).containsExactly(TOO_DEEP);
        assertThat(Schemas.USERS.validate(Map.of(Kw.of("db/ensure"), deepList))).singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("list [[[[").contains("does not name an entity spec"));
    }

    @Test
    void aMapThatContainsItselfStopsAtTheBound() {
        Map<Object, Object> selfish = new HashMap<>();
        selfish.put(EMAIL, "me@example.com");
        selfish.put(ADDRESS, selfish);
        List<Object> friends = new ArrayList<>();
        Map<Object, Object> popular = new HashMap<>(Map.of(FRIENDS, friends));
        friends.add(popular);

        assertThat(Schemas.USERS.validate(selfish)).extracting(Violation::message).containsExactly(TOO_DEEP);
        assertThat(Schemas.USERS.validate(popular)).extracting(Violation::message).containsExactly(TOO_DEEP);
    }

    @Test
    void aDeepValueWhereAScalarIsExpectedIsQuotedInAFewHundredCharacters() {
        Object deep = 42L;
        for (int i = 0; i < 100_000; i++) {
            deep = List.of(deep, "x");
        }
        Map<Object, Object> deepMap = new HashMap<>();
        Map<Object, Object> inner = deepMap;
        for (int i = 0; i < 100_000; i++) {
            Map<Object, Object> next = new HashMap<>();
            inner.put("k", next);
            inner = next;
        }

        List<Violation> violations = Schemas.USERS.validate(Map.of(EMAIL, deep, Kw.of("user/name"), deepMap,
                Kw.of("user/status"), deep, Kw.of("user/roles"), List.of(deep)));

        assertThat(violations).hasSize(4).allSatisfy(v -> assertThat(v.toString().length()).isLessThan(500));
        assertThat(violations).extracting(Violation::message).anySatisfy(m ->
                assertThat(m).startsWith("expects :db.type/keyword, found list [[[[[[[["));
        assertThat(Schemas.EVERY_TYPE.validate(Map.of(Kw.of("t/point"), List.of(deep, deep))))
                .extracting(Violation::message).containsExactly(
                        "expects :db.type/long (or nil), found list [[[[[[[[[…] \"x\"] \"x\"] \"x\"] \"x\"] \"x\"] \"x\"]"
                                + " \"x\"] \"x\"]",
                        "expects :db.type/long (or nil), found list [[[[[[[[[…] \"x\"] \"x\"] \"x\"] \"x\"] \"x\"] \"x\"]"
                                + " \"x\"] \"x\"]");
    }

    @Test
    void moreValuesThanTheBoundIsOneViolationAndTheRestIsNotChecked() {
        List<Object> scores = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            scores.add("not a number " + i);
        }
        Map<Object, Object> wide = new LinkedHashMap<>();
        for (int i = 0; i < 1_000_000; i++) {
            wide.put("user/nope" + i, i);
        }

        List<Violation> narrowAndLong = Schemas.USERS.validate(Map.of(Kw.of("user/scores"), scores));
        List<Violation> wideMap = Schemas.USERS.validate(wide);

        String tooMany = "the entity holds more than 10000 values (map entries and list elements), the most validation"
                + " accepts; it was not checked further";
        assertThat(narrowAndLong).hasSizeLessThanOrEqualTo(Schema.MAX_VALIDATION_VALUES + 1);
        assertThat(narrowAndLong.get(narrowAndLong.size() - 1)).satisfies(v -> {
            assertThat(v.message()).isEqualTo(tooMany);
            assertThat(v.path()).containsExactly(Kw.of("user/scores"));
        });
        assertThat(wideMap.get(wideMap.size() - 1).message()).isEqualTo(tooMany);
        assertThat(wideMap).hasSizeLessThanOrEqualTo(Schema.MAX_VALIDATION_VALUES + 1);
    }

    @Test
    void anEntityAtTheValueBoundIsCheckedInFull() {
        List<Object> scores = new ArrayList<>();
        for (int i = 0; i < Schema.MAX_VALIDATION_VALUES - 1; i++) {
            scores.add((long) i);
        }

        assertThat(Schemas.USERS.validate(Map.of(Kw.of("user/scores"), scores))).isEmpty();
        scores.add(1L);
        assertThat(Schemas.USERS.validate(Map.of(Kw.of("user/scores"), scores))).hasSize(1);
    }
}
