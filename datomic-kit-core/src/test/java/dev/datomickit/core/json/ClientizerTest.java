package dev.datomickit.core.json;

import static dev.datomickit.core.testmodel.Blog.ALICE;
import static dev.datomickit.core.testmodel.Blog.BOB;
import static dev.datomickit.core.testmodel.Blog.CAROL;
import static dev.datomickit.core.testmodel.Blog.COMMENT_1;
import static dev.datomickit.core.testmodel.Blog.COMMENT_2;
import static dev.datomickit.core.testmodel.Blog.COMMENT_4;
import static dev.datomickit.core.testmodel.Blog.POST_1;
import static dev.datomickit.core.testmodel.Blog.REPLY_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.testmodel.Blog;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clientizing entities of the blog model: nesting, values, refs, reverse refs, options and errors. */
class ClientizerTest {

    private final Database db = Blog.db();

    private Entity user(java.util.UUID id) {
        return Entities.get(db, "user/id", id);
    }

    private Entity post(java.util.UUID id) {
        return Entities.get(db, "post/id", id);
    }

    private Entity comment(java.util.UUID id) {
        return Entities.get(db, "comment/id", id);
    }

    @Test
    void nestedPullBecomesCamelCaseMapsInPatternOrder() {
        Clientizer clComment = Clientizer.of(
                "[:comment/id :comment/content {:comment/author [:user/id :user/name]} {:comment/post [:post/id]}]");

        Map<String, Object> json = clComment.apply(comment(COMMENT_1));

        assertThat(json).containsExactly(
                Map.entry("id", COMMENT_1.toString()),
                Map.entry("content", "Great post"),
                Map.entry("author", Map.of("id", BOB.toString(), "name", "Bob")),
                Map.entry("post", Map.of("id", POST_1.toString())));
    }

    @Test
    void valuesAreConvertedForClients() {
        Map<String, Object> json = Clientizer.of("[:post/title :post/status :post/tags :post/rating :post/views"
                + " :post/score :post/published-at :post/url :post/edition]").apply(post(POST_1));

        assertThat(json).containsEntry("title", "Entities are cheap")
                .containsEntry("status", "published")                          // enum ident, namespace stripped
                .containsEntry("rating", new BigDecimal("4.25000000000000000001")) // exact
                .containsEntry("views", new BigInteger("123456789012345678901234567890"))
                .containsEntry("score", 0.5)
                .containsEntry("publishedAt", "2016-07-25T08:00:00.123Z")     // ISO-8601
                .containsEntry("url", "https://example.com/posts/entities-are-cheap")
                .containsEntry("edition", List.of("second", 2L));              // tuple
        assertThat((List<Object>) json.get("tags")).containsExactlyInAnyOrder("datomic", "clojure");
    }

    @Test
    void keyAndKeywordNamingsAreConfigurable() {
        Clientizer clientizer = Clientizer.of("[:post/published-at :post/status :post/tags]");

        assertThat(clientizer.withKeys(Naming.KEEP_NAMESPACE).withKeywordValues(Naming.KEEP_NAMESPACE).apply(post(POST_1)))
                .containsEntry("post/published-at", "2016-07-25T08:00:00.123Z")
                .containsEntry("post/status", "post.status/published")
                .hasEntrySatisfying("post/tags", tags -> assertThat((List<Object>) tags)
                        .containsExactlyInAnyOrder("topic/datomic", "topic/clojure"));
        assertThat(clientizer.withKeys(Naming.STRIP_NAMESPACE).apply(post(POST_1))).containsKey("published-at");
        assertThat(Clientizer.of("[:post/status]").withKeywordValues(Naming.CAMEL_CASE).apply(
                Entities.get(db, "post/id", Blog.POST_2))).containsEntry("status", "inReview");
    }

    @Test
    void aliasesLimitsAndDefaultsFollowThePullOptions() {
        Map<String, Object> json = Clientizer.of("[[:user/name :as \"displayName\"] [:user/friends :limit 1]"
                + " [:user/active? :default false] (limit :user/email 1)]").apply(user(BOB));

        assertThat(json).containsEntry("displayName", "Bob").containsEntry("active", false)
                .containsEntry("email", "bob@example.com");
        assertThat((List<Object>) json.get("friends")).hasSize(1);
    }

    @Test
    void aDeclaredFieldListIsAPattern() {
        Clientizer fields = Clientizer.of(List.of("user/email", "user/name", Map.of("user/role", List.of("db/ident"))));

        assertThat(fields.apply(user(ALICE))).containsExactly(Map.entry("email", "alice@example.com"),
                Map.entry("name", "Alice"), Map.entry("role", Map.of("ident", "admin")));
    }

    @Test
    void refsWithoutSubPatternAreReducedToIdentOrIdOrAChosenAttribute() {
        Entity alice = user(ALICE);
        long bobId = (Long) user(BOB).get(":db/id");

        Map<String, Object> plain = Clientizer.of("[:user/role :user/friends]").apply(alice);
        assertThat(plain).containsEntry("role", "admin").containsEntry("friends", List.of(bobId));

        Map<String, Object> byEmail = Clientizer.of("[:user/friends]").withRefId("user/friends", "user/email")
                .apply(user(BOB));
        assertThat((List<Object>) byEmail.get("friends")).containsExactlyInAnyOrder("alice@example.com", "carol@example.com");

        Map<String, Object> byUuid = Clientizer.of("[:comment/content :comment/author]")
                .withRefId(Kw.of("comment/author"), "user/id").apply(comment(COMMENT_1));
        assertThat(byUuid).containsEntry("author", BOB.toString());
    }

    @Test
    void componentRefsShowOnlyWhatThePatternNames() {
        Entity alice = user(ALICE);

        Map<String, Object> reduced = Clientizer.of("[:user/name :user/profile]").apply(alice);
        assertThat(reduced.get("profile")).isInstanceOf(Long.class);

        Map<String, Object> nested = Clientizer.of("[:user/name {:user/profile [:profile/bio]}]").apply(alice);
        assertThat(nested).containsEntry("profile", Map.of("bio", "Writes about Datomic"));

        Map<String, Object> replies = Clientizer.of("[:comment/content {:comment/replies [:comment/content]}]")
                .apply(comment(COMMENT_1));
        assertThat(replies).containsEntry("replies", List.of(Map.of("content", "Thanks!")));
    }

    @Test
    void reverseRefsAreListsOrTheOwnerOfAComponent() {
        Map<String, Object> post = Clientizer.of("[:post/title [:comment/_post :as \"comments\"]"
                + " {:post/_author [:post/title]}]").apply(post(POST_1));
        assertThat((List<Object>) post.get("comments")).hasSize(3).allSatisfy(id -> assertThat(id).isInstanceOf(Long.class));

        Map<String, Object> nested = Clientizer.of("[{[:comment/_post :as \"comments\"] [:comment/id]}]")
                .apply(post(POST_1));
        assertThat((List<Object>) nested.get("comments")).containsExactlyInAnyOrder(Map.of("id", COMMENT_1.toString()),
                Map.of("id", COMMENT_2.toString()), Map.of("id", COMMENT_4.toString()));

        // The reverse of a component ref is the single owner, not a list.
        Map<String, Object> reply = Clientizer.of("[:comment/content {:comment/_replies [:comment/id]}]")
                .apply(comment(REPLY_1));
        assertThat(reply).containsEntry("_replies", Map.of("id", COMMENT_1.toString()));

        Map<String, Object> authorOfPosts = Clientizer.of("[:user/name {:post/_author [:post/title]}]").apply(user(ALICE));
        assertThat((List<Object>) authorOfPosts.get("_author")).hasSize(2);
    }

    @Test
    void manyEntitiesAtOnceKeepTheirOrder() {
        Clientizer clUser = Clientizer.of("[:user/name]");
        List<Entity> users = List.of(user(CAROL), user(ALICE), user(BOB));

        assertThat(clUser.applyAll(users)).containsExactly(Map.of("name", "Carol"), Map.of("name", "Alice"),
                Map.of("name", "Bob"));
        assertThat(users.stream().map(clUser).toList()).isEqualTo(clUser.applyAll(users));
        assertThat(clUser.applyAll(db, List.of(List.of(Kw.of("user/id"), BOB), 999_999_999L)))
                .containsExactly(Map.of("name", "Bob"), Map.of());
        assertThat(clUser.applyAll(List.of())).isEmpty();
    }

    @Test
    void entitiesFromDifferentDatabaseValuesAreEachReadFromTheirOwn() {
        Database later = dev.datomickit.core.Tx.with(db, dev.datomickit.core.Tx.data(
                dev.datomickit.core.Tx.add(List.of(Kw.of("user/id"), ALICE), "user/name", "Alice B."))).dbAfter();
        Entity before = user(ALICE);
        Entity after = Entities.get(later, "user/id", ALICE);

        assertThat(Clientizer.of("[:user/name]").applyAll(List.of(before, after)))
                .containsExactly(Map.of("name", "Alice"), Map.of("name", "Alice B."));
    }

    @Test
    void patternsThatDoNotFitTheDatabaseAreRefusedNamingTheAttribute() {
        Entity alice = user(ALICE);
        assertThatThrownBy(() -> Clientizer.of("[:user/emial]").apply(alice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":user/emial is not an attribute of database");
        assertThatThrownBy(() -> Clientizer.of("[{:user/name [:db/id]}]").apply(alice))
                .hasMessageContaining(":user/name has a sub-pattern, but :user/name (:db.type/string, one) is not a ref");
        assertThatThrownBy(() -> Clientizer.of("[:user/_name]").apply(alice))
                .hasMessageContaining(":user/_name is the reverse of :user/name (:db.type/string, one)");
        assertThatThrownBy(() -> Clientizer.of("[:comment/author]").withRefId("comment/author", "user/nope")
                .apply(comment(COMMENT_1)))
                .hasMessageContaining(":user/nope is not an attribute");
    }

    @Test
    void malformedPatternsAreRefusedWhenTheClientizerIsMade() {
        assertThatThrownBy(() -> Clientizer.of("[:user/email")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Pull pattern \"[:user/email\" is not valid EDN: EOF while reading");
        assertThatThrownBy(() -> Clientizer.of("{:user/email 1}")).hasMessageContaining("is a vector of attributes");
        assertThatThrownBy(() -> Clientizer.of("[]")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Clientizer.of("[:user/email :user/email]")).hasMessageContaining("more than once");
        assertThatThrownBy(() -> Clientizer.of("[[:user/email :as]]")).hasMessageContaining("must come in pairs");
        assertThatThrownBy(() -> Clientizer.of("[[:user/email :xform clojure.string/upper-case]]"))
                .hasMessageContaining(":xform on :user/email is not supported");
        assertThatThrownBy(() -> Clientizer.of("[[:user/email :sort true]]")).hasMessageContaining("unknown option :sort");
        assertThatThrownBy(() -> Clientizer.of("[[:user/friends :limit 0]]")).hasMessageContaining("positive number or nil");
        assertThatThrownBy(() -> Clientizer.of("[{:user/friends 0}]")).hasMessageContaining("recursion depth");
        assertThatThrownBy(() -> Clientizer.of("[{:user/friends \"x\"}]")).hasMessageContaining("expected a sub-pattern");
        assertThatThrownBy(() -> Clientizer.of("[42]")).hasMessageContaining("expected an attribute such as :user/email");
        assertThatThrownBy(() -> Clientizer.of(List.of("user//email"))).hasMessageContaining("more than one '/'");
    }

    @Test
    void twoFieldsThatWouldShareAKeyAreRefusedWithTheFix() {
        Entity alice = user(ALICE);
        assertThatThrownBy(() -> Clientizer.of("[:user/id {:user/profile [:profile/bio]} :post/id]").apply(alice))
                .hasMessageContaining(":user/id and :post/id would both be shown as \"id\" under CAMEL_CASE")
                .hasMessageContaining("name one with :as");
        Clientizer qualified = Clientizer.of("[:user/id :post/id]").withKeys(Naming.KEEP_NAMESPACE);
        assertThat(qualified.apply(alice)).containsOnlyKeys("user/id");
        assertThatThrownBy(() -> qualified.withKeys(Naming.STRIP_NAMESPACE).apply(alice))
                .hasMessageContaining("\"id\" under STRIP_NAMESPACE");
        assertThat(Clientizer.of("[:user/id [:post/id :as \"postId\"]]").apply(alice)).containsOnlyKeys("id");
    }

    @Test
    void withRefIdNeedsARefThePatternReducesRatherThanNests() {
        assertThatThrownBy(() -> Clientizer.of("[:comment/content]").withRefId("comment/author", "user/id"))
                .hasMessageContaining("does not name :comment/author");
        assertThatThrownBy(() -> Clientizer.of("[{:comment/author [:user/name]}]").withRefId("comment/author", "user/id"))
                .hasMessageContaining("either nested or reduced");
    }

    @Test
    void toStringShowsThePatternAndOnceCompiledWhatIsSentToDatomic() {
        Clientizer clientizer = Clientizer.of("[:user/name :user/profile]");
        assertThat(clientizer).hasToString("Clientizer[:user/name :user/profile]");
        clientizer.apply(user(ALICE));
        assertThat(clientizer.toString()).contains("pulling [:user/name {:user/profile [:db/id :db/ident]}]");
    }

    @Test
    void textAfterThePatternIsRefusedNotDropped() {
        assertThatThrownBy(() -> Clientizer.of("[:user/email]]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Pull pattern \"[:user/email]]\" is not valid EDN: Unmatched delimiter: ]");
        assertThatThrownBy(() -> Clientizer.of("[:user/email] [:user/password-hash]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 2 EDN forms where one is expected; the second is [:user/password-hash]");
        assertThatThrownBy(() -> Clientizer.of("[:user/email] :user/password-hash")).hasMessageContaining("2 EDN forms");
        assertThat(Clientizer.of(" [:user/email] ; a comment\n").apply(user(ALICE))).containsOnlyKeys("email");
    }

    @Test
    void aPatternMayNestSubPatternsUpToTheBound() {
        int bound = Clientizer.MAX_PATTERN_DEPTH;
        Entity alice = user(ALICE);

        Map<String, Object> json = Clientizer.of(nestedFriends(bound)).apply(alice);
        assertThat(levels(json)).isEqualTo(bound); // alice → bob → alice → … as Datomic reads an explicit nesting
        assertThat(Clientizer.of(nestedFriendsData(bound)).apply(alice)).isEqualTo(json);

        assertThatThrownBy(() -> Clientizer.of(nestedFriends(bound + 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nests sub-patterns more than 32 levels deep, the most a clientizer accepts")
                .hasMessageContaining("use recursion such as {:user/friends ...}");
        assertThatThrownBy(() -> Clientizer.of(nestedFriendsData(bound + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nests sub-patterns more than 32 levels deep");
    }

    @Test
    void deeplyNestedPatternsAreRefusedWithTheBoundNotAStackOverflow() {
        for (int levels : new int[] {500, 100_000}) {
            assertThatThrownBy(() -> Clientizer.of(nestedFriends(levels))).as(levels + " levels of text")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nests deeper than 100 levels");
            assertThatThrownBy(() -> Clientizer.of(nestedFriendsData(levels))).as(levels + " levels of data")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nests deeper than 100 levels");
        }
        // Deep data anywhere in a pattern, not only in sub-patterns, such as a :default value.
        Object deep = "x";
        for (int i = 0; i < 100_000; i++) {
            deep = List.of(deep);
        }
        List<Object> withDeepDefault = List.of(List.of("user/name", "default", deep));
        assertThatThrownBy(() -> Clientizer.of(withDeepDefault)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nests deeper than 100 levels");
    }

    /** {@code [:user/email {:user/friends [:user/email {:user/friends [… [:user/email]]}]}]}, {@code levels} patterns deep. */
    private static String nestedFriends(int levels) {
        StringBuilder text = new StringBuilder();
        text.append("[:user/email {:user/friends ".repeat(levels - 1)).append("[:user/email]").append("}]".repeat(levels - 1));
        return text.toString();
    }

    /** The same pattern as data, built without recursion. */
    private static List<Object> nestedFriendsData(int levels) {
        List<Object> pattern = List.of("user/email");
        for (int i = 1; i < levels; i++) {
            pattern = List.of("user/email", Map.of("user/friends", pattern));
        }
        return pattern;
    }

    private static int levels(Map<?, ?> json) {
        int levels = 1;
        Map<?, ?> current = json;
        while (current.get("friends") instanceof List<?> friends && !friends.isEmpty()) {
            current = (Map<?, ?>) friends.get(0);
            levels++;
        }
        return levels;
    }

    @Test
    void aValueNoDatomicTypeHoldsIsNamedByItsEdnTypeAndAttribute() {
        Entity carol = user(CAROL); // carol has no profile: the :default stands in
        assertThatThrownBy(() -> Clientizer.of("[:user/email [:user/profile :default \\a]]").apply(carol))
                .isInstanceOf(dev.datomickit.core.DatomicKitException.class)
                .hasMessage("Cannot show a value of :user/profile to clients: it is of type character, which is none"
                        + " of Datomic's value types");
    }
}
