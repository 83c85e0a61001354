package dev.datomickit.example.users;

import datomic.Database;
import dev.datomickit.core.Entities;
import dev.datomickit.core.EntityNotFoundException;
import dev.datomickit.example.users.Model.Post;
import dev.datomickit.example.users.Model.User;
import java.util.List;
import java.util.UUID;

/**
 * From identifiers to entities, at the edge of the domain logic. An unknown id is an
 * {@link EntityNotFoundException}, which the HTTP layer answers with 404.
 */
final class Finders {

    static User findUser(Database db, UUID id) {
        return Model.USERS.wrap(Entities.get(db, "user/id", id));
    }

    static Post findPost(Database db, UUID id) {
        return Model.POSTS.wrap(Entities.get(db, "post/id", id));
    }

    /** Every user, in the order they were created (entity id order). */
    static List<User> allUsers(Database db) {
        return Model.USERS.wrapAll(Entities.withAttribute(db, "user/id"));
    }

    private Finders() {}
}
