package dev.datomickit.example.users;

import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;

import dev.datomickit.core.ValueType;
import dev.datomickit.core.view.EntityView;
import dev.datomickit.core.view.ViewType;
import dev.datomickit.schema.Schema;
import java.util.UUID;

/**
 * The data model, declared once: the schema installed at every start, the input validation of
 * {@link SignUp}, and the typed views the domain functions take and return, checked against the
 * schema when this class loads.
 */
final class Model {

    static final Schema SCHEMA = Schema.builder()
            .namespace("user", user -> {
                user.attr("id", ValueType.UUID).identity().doc("The user's public id, assigned by the service");
                // Unique *value*, not identity: a second sign-up with a taken email must be refused
                // (409). With :db.unique/identity Datomic would upsert it into the existing user.
                user.attr("email", STRING).uniqueValue().doc("Login, in lower case");
                user.attr("name", STRING).doc("Display name");
                user.entity("validate").requires("id", "email", "name");
            })
            .namespace("post", post -> {
                post.attr("id", ValueType.UUID).identity().doc("The post's public id");
                post.attr("title", STRING);
                post.attr("author", REF).doc("A user");
            })
            .namespace("comment", comment -> {
                comment.attr("id", ValueType.UUID).identity().doc("The comment's public id");
                comment.attr("content", STRING);
                comment.attr("author", REF).doc("The user who wrote it");
                comment.attr("post", REF).doc("The post it is about");
            })
            .build();

    /** A user, as the domain functions see it. */
    interface User extends EntityView {
        UUID id();

        String email();

        String name();
    }

    /** A post. */
    interface Post extends EntityView {
        UUID id();

        String title();

        User author();
    }

    /** A comment of a user about a post. */
    interface Comment extends EntityView {
        UUID id();

        String content();

        User author();

        Post post();
    }

    static final ViewType<User> USERS = ViewType.of(User.class, SCHEMA);
    static final ViewType<Post> POSTS = ViewType.of(Post.class, SCHEMA);
    static final ViewType<Comment> COMMENTS = ViewType.of(Comment.class, SCHEMA);

    private Model() {}
}
