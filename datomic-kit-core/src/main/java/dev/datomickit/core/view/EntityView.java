package dev.datomickit.core.view;

import datomic.Entity;

/**
 * Optional super-interface of a view: gives access to the entity behind it.
 *
 * <pre>{@code
 * interface User extends EntityView { String email(); }
 * long id = user.entityId();
 * Map<String, Object> json = clUser.apply(user.entity());
 * }</pre>
 */
public interface EntityView {

    /**
     * Returns the entity id; views are equal when their types and entity ids are. (Named so that
     * a view can still map {@code id()} to an attribute such as {@code :user/id}.)
     *
     * @return the entity id
     */
    long entityId();

    /**
     * Returns the entity this view reads, to pass to code that takes entities (finders,
     * clientizers, transaction builders).
     *
     * @return the entity
     */
    Entity entity();
}
