package dev.datomickit.core;

import clojure.lang.Keyword;
import datomic.Database;
import java.util.Objects;
import java.util.Optional;

/**
 * What datomic-kit needs to know about a database's attributes: value type, cardinality and
 * whether refs are components.
 *
 * <p>Typed views are checked against a model when they are first used, and so is any code that
 * must know an attribute's shape before it reads data. {@link #of(Database)} answers from a live
 * database; a schema declared in code (the schema module's {@code Schema}) answers from its
 * declarations, so a view can be checked against the schema an application is about to install.
 *
 * <pre>{@code
 * SchemaModel model = SchemaModel.of(db);
 * model.lookup(Kw.of("user/email")).map(SchemaModel.Attribute::valueType); // Optional[STRING]
 * }</pre>
 */
public interface SchemaModel {

    /**
     * Looks an attribute up by its ident. (Named {@code lookup}, not {@code attribute}, so that a
     * schema class with its own {@code attribute(Object)} accessor can implement this interface
     * without an overload that changes meaning with the argument's static type.)
     *
     * @param ident the attribute's ident, such as {@code :user/email}; never a reverse name
     *     ({@code :comment/_post}): look up the forward attribute instead
     * @return the attribute, or empty if the model has no attribute with that ident
     */
    Optional<Attribute> lookup(Keyword ident);

    /**
     * Returns a model that answers from {@code db}'s installed attributes.
     *
     * @param db the database value to read; its schema at this basis is what the model sees
     * @return a model backed by {@link Database#attribute(Object)}
     */
    static SchemaModel of(Database db) {
        return new DatabaseSchemaModel(Objects.requireNonNull(db, "db"));
    }

    /**
     * One attribute as a model knows it.
     *
     * @param ident the attribute's ident, such as {@code :user/email}
     * @param valueType its value type
     * @param many {@code true} for {@code :db.cardinality/many}
     * @param component {@code true} for a {@code :db/isComponent} ref
     */
    record Attribute(Keyword ident, ValueType valueType, boolean many, boolean component) {

        /**
         * Checks the fields.
         *
         * @param ident the attribute's ident, such as {@code :user/email}
         * @param valueType its value type
         * @param many {@code true} for {@code :db.cardinality/many}
         * @param component {@code true} for a {@code :db/isComponent} ref
         * @throws NullPointerException if {@code ident} or {@code valueType} is {@code null}
         * @throws IllegalArgumentException if a non-ref attribute is declared a component
         */
        public Attribute {
            Objects.requireNonNull(ident, "ident");
            Objects.requireNonNull(valueType, "valueType");
            if (component && valueType != ValueType.REF) {
                throw new IllegalArgumentException("Attribute " + ident + " is " + valueType.ident()
                        + " and cannot be a component; only refs can");
            }
        }

        /**
         * Describes the attribute the way messages show it.
         *
         * @return for example {@code :user/roles (:db.type/keyword, many)}
         */
        @Override
        public String toString() {
            return ident + " (" + valueType.ident() + (many ? ", many" : ", one") + (component ? ", component" : "") + ")";
        }
    }
}
