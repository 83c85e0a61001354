package dev.datomickit.example.users;

import static dev.datomickit.example.users.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import datomic.Connection;
import dev.datomickit.core.Tx;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommentsEndpointTest extends ServiceTest {

    private static String path(UUID post, UUID user) {
        return "/posts/" + post + "/comments-of-user/" + user;
    }

    @Test
    void listsTheUsersCommentsAboutThePostOldestFirst() {
        HttpResponse<String> response = running.get(path(Fixtures.ENTITIES_ARE_CHEAP, Fixtures.BOB));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("""
                [{"id":"c0000000-0000-4000-8000-000000000001","content":"Great post",\
                "author":{"id":"b0b00000-0000-4000-8000-000000000002"},\
                "post":{"id":"b1090000-0000-4000-8000-000000000001"}},\
                {"id":"c0000000-0000-4000-8000-000000000002","content":"What about the N+1 problem?",\
                "author":{"id":"b0b00000-0000-4000-8000-000000000002"},\
                "post":{"id":"b1090000-0000-4000-8000-000000000001"}}]""");
    }

    @Test
    void leavesOutCommentsOnOtherPostsAndByOtherUsers() {
        assertThat(json(running.get(path(Fixtures.NOT_AN_EXPEDITION, Fixtures.BOB))).findValuesAsText("content"))
                .containsExactly("Many small queries, few round trips");
        assertThat(json(running.get(path(Fixtures.ENTITIES_ARE_CHEAP, Fixtures.CAROL))).findValuesAsText("content"))
                .containsExactly("Agreed: one finder per resource");
    }

    @Test
    void aUserWithoutCommentsOnThePostGetsAnEmptyList() {
        HttpResponse<String> response = running.get(path(Fixtures.ENTITIES_ARE_CHEAP, Fixtures.ALICE));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
    }

    @Test
    void aNewCommentShowsUpInTheNextRequest(Connection conn) {
        Tx.transact(conn, Tx.data(Tx.entity().set("comment/id", UUID.randomUUID()).set("comment/content", "Later")
                .set("comment/author", Tx.lookup("user/id", Fixtures.ALICE))
                .set("comment/post", Tx.lookup("post/id", Fixtures.ENTITIES_ARE_CHEAP))));

        assertThat(json(running.get(path(Fixtures.ENTITIES_ARE_CHEAP, Fixtures.ALICE))).findValuesAsText("content"))
                .containsExactly("Later");
    }

    @Test
    void anUnknownPostOrUserIsA404NamingIt() {
        UUID unknown = UUID.fromString("00000000-0000-4000-8000-000000000000");

        HttpResponse<String> noPost = running.get(path(unknown, Fixtures.BOB));
        HttpResponse<String> noUser = running.get(path(Fixtures.ENTITIES_ARE_CHEAP, unknown));

        assertThat(noPost.statusCode()).isEqualTo(404);
        assertThat(json(noPost).get("message").asText()).isEqualTo("No post with id " + unknown);
        assertThat(noUser.statusCode()).isEqualTo(404);
        assertThat(json(noUser).get("message").asText()).isEqualTo("No user with id " + unknown);
    }

    @Test
    void idsThatAreNotUuidsAreA400NamingTheParameter() {
        HttpResponse<String> response = running.get("/posts/first/comments-of-user/" + Fixtures.BOB);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).isEqualTo("The postId \"first\" is not a UUID");
    }
}
