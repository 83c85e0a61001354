package dev.datomickit.core;

import clojure.lang.Keyword;

/**
 * No entity has the value looked for, raised by {@link Entities#get(datomic.Database, Object, Object)}.
 *
 * <p>The message names the attribute and the value, for example
 * {@code No entity has :user/email "bob@example.com"}.
 */
public final class EntityNotFoundException extends DatomicKitException {

    private static final long serialVersionUID = 1L;

    private final transient Keyword attribute;
    private final transient Object value;

    EntityNotFoundException(Keyword attribute, Object value) {
        super("No entity has " + attribute + " " + Edn.show(value));
        this.attribute = attribute;
        this.value = value;
    }

    /**
     * Returns the attribute that was looked up.
     *
     * @return the unique attribute
     */
    public Keyword attribute() {
        return attribute;
    }

    /**
     * Returns the value no entity holds.
     *
     * @return the value looked for
     */
    public Object value() {
        return value;
    }
}
