package dev.datomickit.example.users;

import datomic.Database;
import datomic.Peer;
import dev.datomickit.example.users.Model.Comment;
import dev.datomickit.example.users.Model.Post;
import dev.datomickit.example.users.Model.User;
import java.util.Collection;
import java.util.List;

/** Domain logic about comments: entities in, entities out. */
final class Comments {

    private static final String OF_USER_ABOUT_POST = """
            [:find ?comment
             :in $ ?user ?post
             :where [?comment :comment/post ?post]
                    [?comment :comment/author ?user]]""";

    /** The comments {@code user} wrote about {@code post}, oldest first (entity id order). */
    static List<Comment> ofUserAboutPost(User user, Post post) {
        Database db = user.entity().db();
        Collection<List<Object>> rows = Peer.q(OF_USER_ABOUT_POST, db, user.entityId(), post.entityId());
        return rows.stream().map(row -> (Long) row.get(0)).sorted()
                .map(id -> Model.COMMENTS.wrap(db, id)).toList();
    }

    private Comments() {}
}
