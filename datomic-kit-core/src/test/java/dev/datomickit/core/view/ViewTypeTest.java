package dev.datomickit.core.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.SchemaModel;
import dev.datomickit.core.testmodel.Blog;
import dev.datomickit.core.view.BlogViews.Comment;
import dev.datomickit.core.view.BlogViews.Post;
import dev.datomickit.core.view.BlogViews.Profile;
import dev.datomickit.core.view.BlogViews.User;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed views of the blog model over real entities. */
class ViewTypeTest {

    private static final ViewType<User> USERS = ViewType.of(User.class);
    private static final ViewType<Post> POSTS = ViewType.of(Post.class);
    private static final ViewType<Comment> COMMENTS = ViewType.of(Comment.class);

    private final Database db = Blog.db();

    private User user(String email) {
        return USERS.wrap(Entities.get(db, "user/email", email));
    }

    @Test
    void scalarsAreTyped() {
        User alice = user("alice@example.com");

        assertThat(alice.id()).isEqualTo(Blog.ALICE);
        assertThat(alice.email()).isEqualTo("alice@example.com");
        assertThat(alice.name()).contains("Alice");
        assertThat(alice.role()).isEqualTo(User.Role.ADMIN);
        assertThat(alice.joined()).isEqualTo(Instant.parse("2016-07-24T10:15:30Z"));
        assertThat(alice.joinedAt()).contains(Blog.ALICE_JOINED);
        assertThat(alice.active()).isTrue();
        assertThat(alice.displayName()).isEqualTo("Alice");

        Post post = POSTS.wrap(db, List.of(Kw.of("post/id"), Blog.POST_1));
        assertThat(post.status()).isEqualTo(Post.Status.PUBLISHED);
        assertThat(post.tags()).containsExactlyInAnyOrder(Kw.of("topic/datomic"), Kw.of("topic/clojure"));
        assertThat(post.rating()).isEqualTo(new BigDecimal("4.25000000000000000001"));
        assertThat(post.views()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(post.publishedAt()).contains(Instant.parse("2016-07-25T08:00:00.123Z"));
        assertThat(post.url()).isEqualTo(URI.create("https://example.com/posts/entities-are-cheap"));
        assertThat(post.edition()).containsExactly("second", 2L);
        assertThat(POSTS.wrap(db, List.of(Kw.of("post/id"), Blog.POST_2)).status()).isEqualTo(Post.Status.IN_REVIEW);
    }

    @Test
    void absentValuesAreEmptyNullOrAClearFailureForPrimitives() {
        User carol = user("carol@example.com");

        assertThat(carol.joinedAt()).isEmpty();
        assertThat(carol.joined()).isNull();
        assertThat(carol.friends()).isEmpty();
        assertThat(carol.profile()).isEmpty();
        assertThat(carol.posts()).isEmpty();
        assertThatThrownBy(carol::active).isInstanceOf(DatomicKitException.class)
                .hasMessageContaining("User[" + carol.entityId() + "].active() found no :user/active?")
                .hasMessageContaining("declare Optional<…> or a boxed type");
    }

    @Test
    void refsAreViewsAndManyRefsCollectionsOfViews() {
        User bob = user("bob@example.com");

        assertThat(bob.friends()).extracting(User::email)
                .containsExactlyInAnyOrder("alice@example.com", "carol@example.com");
        Comment comment = COMMENTS.wrap(Entities.get(db, "comment/id", Blog.COMMENT_1));
        assertThat(comment.author()).isEqualTo(bob);
        assertThat(comment.post().title()).isEqualTo("Entities are cheap");
        assertThat(comment.post().author().name()).contains("Alice");
        assertThat(comment.replies()).singleElement().satisfies(reply -> {
            assertThat(reply.content()).isEqualTo("Thanks!");
            assertThat(reply.author().email()).isEqualTo("alice@example.com");
        });
        assertThat(comment.flagged()).isEmpty();
    }

    @Test
    void reverseRefsAreCollectionsOrTheOwnerOfAComponent() {
        User alice = user("alice@example.com");
        User bob = user("bob@example.com");

        assertThat(alice.posts()).extracting(Post::title)
                .containsExactly("Entities are cheap", "A query is not an expedition"); // entity id order
        assertThat(bob.comments()).extracting(Comment::content)
                .containsExactlyInAnyOrder("Great post", "What about the N+1 problem?", "Agreed");
        Post post = alice.posts().get(0);
        assertThat(post.comments()).extracting(c -> c.author().email())
                .containsExactly("bob@example.com", "bob@example.com", "carol@example.com");

        Profile profile = alice.profile().orElseThrow();
        assertThat(profile.bio()).isEqualTo("Writes about Datomic");
        assertThat(profile.owner()).isEqualTo(alice);
        Comment reply = COMMENTS.wrap(Entities.get(db, "comment/id", Blog.REPLY_1));
        assertThat(reply.parent()).map(Comment::id).contains(Blog.COMMENT_1);
    }

    @Test
    void viewsAreEqualByTypeAndEntityId() {
        User alice = user("alice@example.com");
        User again = USERS.wrap(Entities.get(db, "user/id", Blog.ALICE));
        Entity entity = Entities.get(db, "user/email", "alice@example.com");

        assertThat(alice).isEqualTo(again).hasSameHashCodeAs(again).isNotSameAs(again)
                .isNotEqualTo(user("bob@example.com")).isNotEqualTo(entity).isNotEqualTo(null);
        assertThat(alice.entityId()).isEqualTo(entity.get(":db/id"));
        assertThat(alice.entity()).isEqualTo(entity);
        assertThat(alice).hasToString("User[" + alice.entityId() + "]");
        assertThat(ViewType.of(Profile.class).wrap(entity)).isNotEqualTo(alice); // another type, same id
        assertThat(USERS.wrapAll(List.of(entity, entity))).containsExactly(alice, alice);
    }

    @Test
    void theViewTypeReportsTheAttributeOfEachMethod() {
        assertThat(USERS.attributes(SchemaModel.of(db))).containsEntry("email", ":user/email")
                .containsEntry("active", ":user/active?").containsEntry("posts", ":post/_author")
                .containsEntry("joinedAt", ":user/joined");
        assertThat(POSTS.attributes(SchemaModel.of(db))).containsEntry("publishedAt", ":post/published-at");
        assertThat(USERS).hasToString("ViewType[" + User.class.getName() + "]");
        assertThat(ViewType.of(User.class)).isSameAs(USERS);
    }

    @Test
    void viewsOfOneDatabaseValueKeepReadingIt() {
        Database later = dev.datomickit.core.Tx.with(db, dev.datomickit.core.Tx.data(dev.datomickit.core.Tx.add(
                List.of(Kw.of("user/id"), Blog.ALICE), "user/name", "Alice B."))).dbAfter();

        User before = user("alice@example.com");
        User after = USERS.wrap(Entities.get(later, "user/id", Blog.ALICE));

        assertThat(before.name()).contains("Alice");
        assertThat(after.name()).contains("Alice B.");
        assertThat(after).isEqualTo(before); // the same entity, seen at two points in time
        assertThat(after.friends()).extracting(User::email).containsExactly("bob@example.com");
    }
}
