package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.RT;
import dev.datomickit.core.TxResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The differences between a {@link Schema} and a database, from {@link Schema#diff} or
 * {@link Schema#ensure}.
 *
 * <pre>{@code
 * SchemaDiff diff = schema.diff(conn.db());
 * diff.changes().forEach(System.out::println);
 * // :user/nickname: new attribute
 * // :user/email :db/cardinality: :db.cardinality/one → :db.cardinality/many: allowed
 * // :user/age :db/valueType: :db.type/long → :db.type/string: forbidden, Datomic never alters a value type; …
 * }</pre>
 *
 * <p>Immutable. Attributes, idents and entity specs of the database that the schema does not
 * mention are listed by {@link #notInModel()} and never touched.
 */
public final class SchemaDiff {

    /** What a change does to the database. */
    public enum Kind {
        /** Installs a new attribute, ident or entity spec. */
        ADD,
        /** Alters an installed attribute or entity spec in a way Datomic allows. */
        ALTER,
        /** A change Datomic refuses, or would refuse with the data the database holds now. */
        FORBIDDEN
    }

    /**
     * One difference: an ident, the property that differs, its value in the database and in the model.
     *
     * @param ident the attribute, ident or entity spec
     * @param kind whether the change is an addition, an allowed alteration or forbidden
     * @param property the schema attribute that differs, such as {@code :db/cardinality}; {@code null}
     *     for an addition
     * @param from the value in the database; {@code null} if absent
     * @param to the value in the model; {@code null} if absent
     * @param reason why the change is allowed or forbidden, and what to do about a forbidden one
     */
    public record Change(Keyword ident, Kind kind, Keyword property, Object from, Object to, String reason) {

        /**
         * Checks the components.
         *
         * @param ident the attribute, ident or entity spec
         * @param kind whether the change is an addition, an allowed alteration or forbidden
         * @param property the schema attribute that differs; {@code null} for an addition
         * @param from the value in the database; {@code null} if absent
         * @param to the value in the model; {@code null} if absent
         * @param reason why the change is allowed or forbidden
         * @throws NullPointerException if {@code ident}, {@code kind} or {@code reason} is {@code null}
         */
        public Change {
            Objects.requireNonNull(ident, "ident");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * Describes the change on one line, such as
         * {@code :user/email :db/cardinality: :db.cardinality/one → :db.cardinality/many: allowed}.
         *
         * @return the description
         */
        @Override
        public String toString() {
            if (property == null) {
                return ident + ": " + reason;
            }
            return ident + " " + property + ": " + show(from) + " → " + show(to) + ": " + reason;
        }

        private static String show(Object value) {
            return value == null ? "none" : RT.printString(value);
        }
    }

    private final List<Change> changes;
    private final List<Object> txData;
    private final List<Keyword> notInModel;
    private final long basisT;
    private final TxResult transaction;

    SchemaDiff(List<Change> changes, List<Object> txData, List<Keyword> notInModel, long basisT, TxResult transaction) {
        this.changes = List.copyOf(changes);
        this.txData = List.copyOf(txData);
        this.notInModel = List.copyOf(notInModel);
        this.basisT = basisT;
        this.transaction = transaction;
    }

    SchemaDiff appliedBy(TxResult result) {
        return new SchemaDiff(changes, txData, notInModel, basisT, result);
    }

    /**
     * Returns every difference: additions, allowed alterations and forbidden changes.
     *
     * @return the changes, in the order their statements are transacted: attributes (a composite
     *     tuple after the attributes it combines), then idents, then entity specs; empty if the
     *     database matches the schema
     */
    public List<Change> changes() {
        return changes;
    }

    /**
     * Returns the changes Datomic would refuse, each with its reason.
     *
     * @return the forbidden changes; empty if the schema can be installed
     */
    public List<Change> forbidden() {
        return changes.stream().filter(c -> c.kind() == Kind.FORBIDDEN).toList();
    }

    /**
     * Tells whether the database already matches the schema, so that ensuring it transacts nothing.
     *
     * @return {@code true} if there are no changes
     */
    public boolean isUpToDate() {
        return changes.isEmpty();
    }

    /**
     * Returns the transaction data that makes the database match the schema: new entities as maps,
     * alterations as {@code [:db/add …]} and {@code [:db/retract …]} statements, a new composite
     * tuple after the new attributes it combines, so that Datomic accepts them in one transaction.
     *
     * @return the statements; empty if the database is up to date
     * @throws SchemaException if a change is forbidden: transacting the rest would leave the
     *     database half-way
     */
    public List<Object> txData() {
        List<Change> forbidden = forbidden();
        if (!forbidden.isEmpty()) {
            throw new SchemaException("The schema diff has forbidden changes; there is nothing safe to transact",
                    forbidden.stream().map(Change::toString).toList());
        }
        return txData;
    }

    /**
     * Returns the idents the database holds (attributes, plain idents, entity specs) that the schema
     * does not mention. They are left as they are: Datomic attributes are never removed.
     *
     * @return the idents, sorted
     */
    public List<Keyword> notInModel() {
        return notInModel;
    }

    /**
     * Returns the basis t of the database the schema was compared with.
     *
     * @return the basis t
     */
    public long basisT() {
        return basisT;
    }

    /**
     * Returns the transaction that closed the differences, for a diff returned by
     * {@link Schema#ensure}.
     *
     * @return the transaction; empty for a diff from {@link Schema#diff}, or when the database was up
     *     to date
     */
    public Optional<TxResult> transaction() {
        return Optional.ofNullable(transaction);
    }

    /**
     * Describes the diff: one line per change, or that the database is up to date.
     *
     * @return the description
     */
    @Override
    public String toString() {
        if (changes.isEmpty()) {
            return "Schema up to date at basis t " + basisT;
        }
        StringBuilder text = new StringBuilder("Schema diff at basis t ").append(basisT).append(": ")
                .append(changes.size()).append(changes.size() == 1 ? " change" : " changes");
        changes.forEach(c -> text.append("\n  ").append(c));
        return text.toString();
    }
}
