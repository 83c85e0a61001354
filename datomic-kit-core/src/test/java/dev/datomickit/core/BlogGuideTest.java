package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import datomic.Database;
import datomic.Entity;
import datomic.Peer;
import dev.datomickit.core.json.Clientizer;
import dev.datomickit.core.json.DatomicModule;
import dev.datomickit.core.json.Naming;
import dev.datomickit.core.testmodel.Blog;
import dev.datomickit.core.view.Attribute;
import dev.datomickit.core.view.EntityView;
import dev.datomickit.core.view.InvalidViewException;
import dev.datomickit.core.view.ViewType;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code docs/core.md} on the user / post / comment model of the articles:
 * clientizers, the "comments of a user about a post" endpoint, JSON and typed views.
 */
class BlogGuideTest {

    private final Database db = Blog.db();
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new DatomicModule());

    // snippet:endpoint
    // Finders: from identifiers to entities, at the edge of the domain logic.
    static Entity findUser(Database db, UUID id) {
        return Entities.get(db, "user/id", id);          // EntityNotFoundException (a 404) if absent
    }

    static Entity findPost(Database db, UUID id) {
        return Entities.get(db, "post/id", id);
    }

    // Domain logic: entities in, entities out.
    static List<Entity> commentsOfUserAboutPost(Entity user, Entity post) {
        Database db = user.db();
        Collection<List<Object>> rows = Peer.q("[:find ?comment :in $ ?user ?post"
                + " :where [?comment :comment/post ?post] [?comment :comment/author ?user]]",
                db, user.get(":db/id"), post.get(":db/id"));
        return rows.stream().map(row -> db.entity(row.get(0)))
                .sorted(Comparator.comparing(comment -> (Long) comment.get(":db/id"))).toList();
    }

    // Clientizer: from entities to what the client sees.
    static final Clientizer CL_COMMENT = Clientizer.of(
            "[:comment/id :comment/content {:comment/author [:user/id]} {:comment/post [:post/id]}]");

    // GET /posts/{postId}/comments-of-user/{userId}
    static List<Map<String, Object>> commentsOfUserAboutPost(Database db, UUID postId, UUID userId) {
        Entity user = findUser(db, userId);                            // resource identification
        Entity post = findPost(db, postId);
        return CL_COMMENT.applyAll(commentsOfUserAboutPost(user, post)); // domain logic, then layout
    }
    // end-snippet:endpoint

    @Test
    void theEndpointComposesFindersDomainLogicAndAClientizer() throws Exception {
        // snippet:endpoint-call
        List<Map<String, Object>> body = commentsOfUserAboutPost(db, Blog.POST_1, Blog.BOB);
        String json = mapper.writeValueAsString(body);
        // [{"id":"c0000000-…-000000000001","content":"Great post",
        //   "author":{"id":"579ef39b-…"},"post":{"id":"a1b2c3d4-…-000000000001"}},
        //  {"id":"c0000000-…-000000000002","content":"What about the N+1 problem?", …}]
        // end-snippet:endpoint-call
        assertThat(json).isEqualTo("[{\"id\":\"" + Blog.COMMENT_1 + "\",\"content\":\"Great post\",\"author\":{\"id\":\""
                + Blog.BOB + "\"},\"post\":{\"id\":\"" + Blog.POST_1 + "\"}},{\"id\":\"" + Blog.COMMENT_2
                + "\",\"content\":\"What about the N+1 problem?\",\"author\":{\"id\":\"" + Blog.BOB + "\"},\"post\":{\"id\":\""
                + Blog.POST_1 + "\"}}]");
        assertThat(commentsOfUserAboutPost(db, Blog.POST_2, Blog.ALICE)).isEmpty();
        assertThatThrownBy(() -> commentsOfUserAboutPost(db, UUID.randomUUID(), Blog.BOB))
                .isInstanceOf(EntityNotFoundException.class).hasMessageStartingWith("No entity has :post/id #uuid");
    }

    @Test
    void clientizerValuesAndNaming() {
        Entity post = Entities.get(db, "post/id", Blog.POST_1);
        // snippet:clientizer-values
        Clientizer clPost = Clientizer.of("[:post/id :post/title :post/status :post/tags :post/rating"
                + " :post/published-at [:comment/_post :as \"commentIds\" :limit nil] {:post/author [:user/name]}]")
                .withRefId("comment/_post", "comment/id");
        Map<String, Object> json = clPost.apply(post);
        // {"id": "a1b2c3d4-…", "title": "Entities are cheap", "status": "published",
        //  "tags": ["clojure", "datomic"], "rating": 4.25000000000000000001 (a BigDecimal),
        //  "publishedAt": "2016-07-25T08:00:00.123Z", "commentIds": ["c0000000-…", …],
        //  "author": {"name": "Alice"}}
        // end-snippet:clientizer-values
        assertThat(json).containsEntry("status", "published").containsEntry("publishedAt", "2016-07-25T08:00:00.123Z")
                .containsEntry("author", Map.of("name", "Alice")).containsEntry("id", Blog.POST_1.toString());
        assertThat((List<?>) json.get("commentIds")).hasSize(3);
        assertThat(json.get("rating")).isEqualTo(new java.math.BigDecimal("4.25000000000000000001"));

        // snippet:clientizer-naming
        Clientizer qualified = Clientizer.of("[:user/email :user/role]")
                .withKeys(Naming.KEEP_NAMESPACE).withKeywordValues(Naming.KEEP_NAMESPACE);
        // {"user/email": "alice@example.com", "user/role": "role/admin"}
        // end-snippet:clientizer-naming
        assertThat(qualified.apply(Entities.get(db, "user/id", Blog.ALICE)))
                .containsExactly(Map.entry("user/email", "alice@example.com"), Map.entry("user/role", "role/admin"));
    }

    @Test
    void clientizersShowOnlyWhatThePatternNames() {
        Entity alice = Entities.get(db, "user/id", Blog.ALICE);
        // snippet:clientizer-safety
        Map<String, Object> user = Clientizer.of("[:user/email :user/profile {:user/friends ...}]").apply(alice);
        // {"email": "alice@example.com", "profile": 17592186045420,
        //  "friends": [{"email": "bob@example.com", "friends": [{"email": "alice@example.com"}, …]}]}
        // No password hash, no private note of the profile component, no unbounded recursion.
        // end-snippet:clientizer-safety
        assertThat(user).containsOnlyKeys("email", "profile", "friends");
        assertThat(user.get("profile")).isInstanceOf(Long.class);
    }

    @Test
    void jsonOfDatomicTypes() throws Exception {
        Object aliceId = List.of(Kw.of("user/id"), Blog.ALICE);
        // snippet:jackson
        ObjectMapper mapper = new ObjectMapper().registerModule(new DatomicModule());
        String pulled = mapper.writeValueAsString(db.pull("[:user/email :user/role]", aliceId));
        // {"user/email":"alice@example.com","user/role":{"db/id":17592186045418}}
        String entity = mapper.writeValueAsString(db.entity(aliceId));   // 17592186045419, never its attributes
        String ident = mapper.writeValueAsString(db.entity(Kw.of("role/admin"))); // "role/admin"
        // mapper.writeValueAsString(db) fails: "Refusing to serialize datomic.db.Db: …"
        // end-snippet:jackson
        assertThat(pulled).startsWith("{\"user/email\":\"alice@example.com\",\"user/role\":{\"db/id\":");
        assertThat(entity).isEqualTo(db.entity(aliceId).get(":db/id").toString());
        assertThat(ident).isEqualTo("\"role/admin\"");
    }

    // snippet:views
    interface User extends EntityView {
        UUID id();                                      // :user/id
        String email();                                 // :user/email
        Optional<String> name();                        // :user/name, may be absent
        Role role();                                    // :user/role, an enum ref
        Set<User> friends();                            // :user/friends, refs as views

        @Attribute("comment/_author")
        Set<Comment> comments();                        // reverse ref: comments whose author is this user

        default String displayName() {
            return name().orElse(email());
        }

        enum Role { ADMIN, MEMBER }
    }

    interface Comment extends EntityView {
        String content();                               // :comment/content
        User author();                                  // :comment/author
        Post post();                                    // :comment/post
    }

    interface Post extends EntityView {
        String title();

        @Attribute("comment/_post")
        List<Comment> comments();                       // ordered by entity id
    }

    static final ViewType<User> USERS = ViewType.of(User.class);
    // end-snippet:views

    @Test
    void typedViews() {
        // snippet:views-use
        User bob = USERS.wrap(Entities.get(db, "user/id", Blog.BOB));
        bob.role();                                     // Role.MEMBER
        bob.friends().stream().map(User::displayName);  // "Alice", "Carol"
        List<String> mine = bob.comments().stream()
                .filter(comment -> comment.post().title().equals("Entities are cheap"))
                .map(Comment::content).sorted().toList();  // ["Great post", "What about the N+1 problem?"]
        // end-snippet:views-use
        assertThat(bob.role()).isEqualTo(User.Role.MEMBER);
        assertThat(bob.friends()).extracting(User::displayName).containsExactlyInAnyOrder("Alice", "Carol");
        assertThat(mine).containsExactly("Great post", "What about the N+1 problem?");
    }

    interface Misnamed {
        String emial();
    }

    @Test
    void viewsAreCheckedWhenFirstUsed() {
        // snippet:views-check
        ViewType<User> checked = ViewType.of(User.class, SchemaModel.of(db)); // or a schema declared in code
        try {
            ViewType.of(Misnamed.class).wrap(db, Kw.of("role/admin"));
        } catch (InvalidViewException e) {
            // View …Misnamed does not fit database … at basis t 1010:
            //   - Misnamed.emial(): no attribute :misnamed/emial in database … ; name it with @Attribute("ns/name")
        }
        // end-snippet:views-check
        assertThat(checked).isSameAs(USERS);
        assertThatThrownBy(() -> ViewType.of(Misnamed.class).wrap(db, Kw.of("role/admin")))
                .hasMessageContaining("Misnamed.emial(): no attribute :misnamed/emial in database");
    }
}
