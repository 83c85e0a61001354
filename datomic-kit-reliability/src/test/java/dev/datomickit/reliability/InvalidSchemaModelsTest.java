package dev.datomickit.reliability;

import static dev.datomickit.core.ValueType.BYTES;
import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.STRING;
import static dev.datomickit.core.ValueType.TUPLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.schema.AttributeDef;
import dev.datomickit.schema.NamespaceBuilder;
import dev.datomickit.schema.Schema;
import dev.datomickit.schema.SchemaBuilder;
import dev.datomickit.schema.SchemaException;
import dev.datomickit.schema.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Schemas broken on purpose, three ways. Declarations: random valid attributes with up to six
 * random defects among them, each of which the one {@link SchemaException} must list (all of
 * them, not the first), and nothing else. EDN: the text of a valid schema, damaged at random,
 * which parses or fails with a {@link SchemaException}, never anything else. Live data: a new
 * version of a schema installed on a fork holding data that the version contradicts (values of
 * another type, several values where it wants one, repeated values where it wants them unique);
 * {@code ensure} must list every contradiction and write nothing, not even the version's
 * harmless additions; and client maps with mistakes must get one violation per mistake.
 */
class InvalidSchemaModelsTest {

    /** One defect: what it declares, in which namespace, and the token every problem about it contains. */
    private record Defect(String kind, String namespace, Consumer<NamespaceBuilder> declare, String token) {}

    @Test
    void everyProblemOfAModelIsReportedAndNothingOfItIsWritten() {
        int models = Load.scaled(150);
        int edits = Load.scaled(300);
        int versions = Load.scaled(20);
        Figures.Row row = Figures.open("Invalid schema models", String.format("%,d models with 1 to 6 of 16 kinds of"
                + " defect; %,d damaged EDN texts; %,d versions contradicting live data on forks, with client maps",
                models, edits, versions));
        Random random = Load.random("invalid schema models");
        int[] declarations = brokenDeclarations(random, models, row);
        int[] edn = damagedEdn(random, edits, row);
        int[] live = contradictedLiveData(random, versions, row);
        row.passed(String.format("%,d defects, all listed by the one SchemaException of each model (%,d problems);"
                + " damaged EDN: %,d parsed, %,d refused, no other exception; %,d contradictions with live data all listed,"
                + " nothing written; %,d mistakes in client maps, one violation each", declarations[0], declarations[1],
                edn[0], edn[1], live[0], live[1]));
    }

    /** Returns {defects, problems listed}. */
    private static int[] brokenDeclarations(Random random, int models, Figures.Row row) {
        int defectCount = 0;
        int problems = 0;
        for (int m = 0; m < models; m++) {
            List<RandomSchemas.Attr> valid = RandomSchemas.attributes(random, "v", 3 + random.nextInt(10));
            List<Defect> defects = new ArrayList<>();
            for (int d = 1 + random.nextInt(6); d > 0; d--) {
                defects.add(defect(random, "x" + m + "q" + d + "z"));
            }
            SchemaBuilder builder = Schema.builder();
            valid.forEach(a -> builder.namespace(a.namespace(), a::declare));
            defects.forEach(d -> builder.namespace(d.namespace(), d.declare()));
            String context = String.format("model %d with %s %s", m,
                    defects.stream().map(Defect::kind).toList(), Load.replay());

            Throwable thrown = catchThrowable(builder::build);

            assertThat(thrown).as(context).isInstanceOf(SchemaException.class);
            List<String> listed = ((SchemaException) thrown).problems();
            for (Defect defect : defects) {
                assertThat(listed).as("the problems of %s name %s", context, defect.token())
                        .anySatisfy(p -> assertThat(p).contains(defect.token()));
            }
            Set<String> tokens = defects.stream().map(Defect::token).collect(Collectors.toSet());
            assertThat(listed).as("no problem about a valid attribute in %s", context)
                    .allSatisfy(p -> assertThat(tokens).anySatisfy(t -> assertThat(p).contains(t)));
            assertThat(thrown.getMessage()).as(context).contains(listed.size() + (listed.size() == 1 ? " problem" : " problems"));
            problems += listed.size();
            defectCount += defects.size();
            row.badInputs.add(defects.size());
            row.operations.increment();
        }
        return new int[] {defectCount, problems};
    }

    /** A random defect, whose idents all contain {@code token}. */
    private static Defect defect(Random random, String token) {
        String ns = "bad" + random.nextInt(3);
        return switch (random.nextInt(16)) {
            case 0 -> new Defect("fulltext on a long", ns, n -> n.attr(token, LONG).fulltext(), token);
            case 1 -> new Defect("component of strings", ns, n -> n.attr(token, STRING).component(), token);
            case 2 -> new Defect("unique bytes", ns, n -> n.attr(token, BYTES).identity(), token);
            case 3 -> new Defect("name starting with _", ns, n -> n.attr("_" + token, STRING), token);
            case 4 -> new Defect("name starting with a digit", ns, n -> n.attr("9" + token, STRING), token);
            case 5 -> new Defect("Datomic's namespace", "db", n -> n.attr(token, STRING), token);
            case 6 -> new Defect("declared twice, differently", ns, n -> {
                n.attr(token, STRING);
                n.attr(token, LONG);
            }, token);
            case 7 -> new Defect("identity and unique value", ns, n -> n.attr(token, STRING).identity().uniqueValue(), token);
            case 8 -> new Defect("composite of missing attributes", ns,
                    n -> n.composite(token, token + "a", token + "b"), token);
            case 9 -> new Defect("entity spec requiring a missing attribute", ns,
                    n -> n.entity(token).requires("missing" + token), token);
            case 10 -> new Defect("'/' in a name", ns, n -> n.attr(token + "/y", STRING), token);
            case 11 -> new Defect("enumeration without values", ns, n -> n.enumeration(token), token);
            case 12 -> new Defect("enum value with '/'", ns, n -> n.enumeration(token, "ok", "not/ok"), token);
            case 13 -> new Defect("heterogeneous tuple of one element", ns, n -> n.tuple(token, STRING), token);
            case 14 -> new Defect("tuple of tuples", ns, n -> n.tupleOf(token, TUPLE), token);
            default -> new Defect("malformed predicate", ns, n -> n.attr(token, STRING).preds("not a symbol"), token);
        };
    }

    /** Damaged schema EDN: parsed, or refused with a SchemaException; returns {parsed, refused}. */
    private static int[] damagedEdn(Random random, int edits, Figures.Row row) {
        String edn = RandomSchemas.schema(RandomSchemas.attributes(random, "e", 12)).toEdn();
        String nasty = "[]{}()\"\\:#^/ ;,'`~@%\n0123456789.-+eE";
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < edits; i++) {
            StringBuilder text = new StringBuilder(edn);
            for (int e = 1 + random.nextInt(3); e > 0 && text.length() > 0; e--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(4)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, nasty.charAt(random.nextInt(nasty.length())));
                    case 2 -> text.setCharAt(at, nasty.charAt(random.nextInt(nasty.length())));
                    default -> text.setLength(at);
                }
            }
            String damaged = text.toString();
            try {
                Schema.fromEdn(damaged);
                parsed++;
            } catch (SchemaException e) {
                assertThat(e.problems()).isNotEmpty();
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("Schema.fromEdn threw " + e + " instead of a SchemaException for:\n" + damaged
                        + "\n" + Load.replay(), e);
            }
            row.badInputs.increment();
            row.operations.increment();
        }
        return new int[] {parsed, refused};
    }

    /** The ways a new version can contradict live data, and what data contradicts it. */
    private enum Contradiction { TYPE, CARDINALITY, UNIQUENESS, FULLTEXT }

    /** Returns {contradictions, client mistakes}. */
    private static int[] contradictedLiveData(Random random, int versions, Figures.Row row) {
        int contradictions = 0;
        int mistakes = 0;
        for (int v = 0; v < versions; v++) {
            List<RandomSchemas.Attr> base = RandomSchemas.attributes(random, "b", 5 + random.nextInt(10));
            List<Contradiction> planned = new ArrayList<>();
            for (int c = 1 + random.nextInt(5); c > 0; c--) {
                planned.add(Contradiction.values()[random.nextInt(Contradiction.values().length)]);
            }
            // The version as installed, and the data that lives in it.
            Schema installed = withLive(base, planned, false, List.of());
            Connection origin = Forks.mock();
            installed.ensure(origin);
            Tx.transact(origin, liveData(planned));
            Connection fork = Forks.fork(origin);
            Database before = fork.db();

            List<RandomSchemas.Attr> added = RandomSchemas.attributes(random, "new", 1 + random.nextInt(5));
            Schema next = withLive(base, planned, true, added);
            String context = String.format("version %d contradicting %s %s", v, planned, Load.replay());
            Throwable thrown = catchThrowable(() -> next.ensure(fork));

            assertThat(thrown).as(context).isInstanceOf(SchemaException.class).hasMessageContaining("nothing was written");
            List<String> listed = ((SchemaException) thrown).problems();
            for (int c = 0; c < planned.size(); c++) {
                String ident = ":live/" + planned.get(c).name().toLowerCase() + c;
                assertThat(listed).as("the problems of %s name %s", context, ident).anySatisfy(p -> assertThat(p).startsWith(ident + " "));
            }
            assertThat(listed).as(context).hasSize(planned.size());
            assertThat(fork.db().basisT()).as("nothing written for %s", context).isEqualTo(before.basisT());
            for (RandomSchemas.Attr attr : added) {
                assertThat(fork.db().entid(attr.ident())).as("%s, added by the refused %s", attr.ident(), context).isNull();
            }
            contradictions += planned.size();
            row.badInputs.add(planned.size());
            row.operations.increment();

            mistakes += clientMaps(installed, random, row);
            row.operations.add(5);
        }
        return new int[] {contradictions, mistakes};
    }

    /** {@code base}, plus the namespace {@code live} with an attribute per contradiction, as installed or as the next version wants it. */
    private static Schema withLive(List<RandomSchemas.Attr> base, List<Contradiction> planned, boolean next,
            List<RandomSchemas.Attr> added) {
        List<RandomSchemas.Attr> all = new ArrayList<>(base);
        all.addAll(added);
        SchemaBuilder builder = Schema.builder().include(RandomSchemas.schema(all));
        return builder.namespace("live", live -> {
            for (int c = 0; c < planned.size(); c++) {
                String name = planned.get(c).name().toLowerCase() + c;
                switch (planned.get(c)) {
                    case TYPE -> live.attr(name, next ? LONG : STRING);
                    case CARDINALITY -> {
                        if (next) {
                            live.attr(name, LONG);
                        } else {
                            live.attr(name, LONG).many();
                        }
                    }
                    case UNIQUENESS -> {
                        if (next) {
                            live.attr(name, STRING).identity();
                        } else {
                            live.attr(name, STRING);
                        }
                    }
                    default -> {
                        if (next) {
                            live.attr(name, STRING).fulltext();
                        } else {
                            live.attr(name, STRING);
                        }
                    }
                }
            }
        }).build();
    }

    /** Two entities whose values contradict the next version: several values where it wants one, the same value twice. */
    private static List<Object> liveData(List<Contradiction> planned) {
        Map<String, Object> first = new HashMap<>();
        Map<String, Object> second = new HashMap<>();
        for (int c = 0; c < planned.size(); c++) {
            String attr = "live/" + planned.get(c).name().toLowerCase() + c;
            switch (planned.get(c)) {
                case CARDINALITY -> first.put(attr, List.of(1L, 2L));
                case UNIQUENESS -> {
                    first.put(attr, "same");
                    second.put(attr, "same");
                }
                default -> first.put(attr, "text");
            }
        }
        List<Object> data = new ArrayList<>();
        for (Map<String, Object> values : List.of(first, second)) {
            if (!values.isEmpty()) {
                var entity = Tx.entity();
                values.forEach(entity::set);
                data.add(entity);
            }
        }
        return Tx.dataOf(data);
    }

    /**
     * Client maps for the installed schema, each with one to four mistakes on distinct attributes: an
     * unknown attribute, a value of the wrong type, one value where a collection belongs, a collection
     * where one value belongs. Each mistake is one violation, at its attribute; returns the mistakes made.
     */
    private static int clientMaps(Schema schema, Random random, Figures.Row row) {
        List<AttributeDef> attributes = schema.attributes().stream()
                .filter(a -> a.valueType() == STRING || a.valueType() == LONG)
                .filter(a -> a.tupleAttrs().isEmpty())
                .toList();
        int made = 0;
        for (int i = 0; i < 5; i++) {
            Map<Object, Object> map = new HashMap<>();
            List<String> expected = new ArrayList<>();
            List<AttributeDef> shuffled = new ArrayList<>(attributes);
            Collections.shuffle(shuffled, random);
            int mistakes = 1 + random.nextInt(Math.min(4, shuffled.size()));
            for (int m = 0; m < mistakes; m++) {
                AttributeDef a = shuffled.get(m);
                String ident = a.ident().toString();
                Object wrongType = a.valueType() == STRING ? (Object) 42L : "forty-two";
                Object right = a.valueType() == STRING ? (Object) "text" : 42L;
                switch (random.nextInt(3)) {
                    case 0 -> map.put(a.ident(), a.isMany() ? List.of(wrongType) : wrongType);
                    case 1 -> map.put(a.ident(), a.isMany() ? right : List.of(right, right));
                    default -> {
                        ident = ":nowhere/attr" + m;
                        map.put(Kw.of(ident), right);
                    }
                }
                expected.add(ident);
            }
            List<Violation> violations = schema.validate(map);
            assertThat(violations.stream().map(x -> x.attribute().map(Object::toString).orElse("-")).toList())
                    .as("violations of %s %s", map, Load.replay()).containsExactlyInAnyOrderElementsOf(expected);
            row.badInputs.add(mistakes);
            made += mistakes;
        }
        return made;
    }
}
