package dev.datomickit.example.users;

import static dev.datomickit.example.users.Clientizers.CL_COMMENT;
import static dev.datomickit.example.users.Clientizers.CL_USER;
import static dev.datomickit.example.users.Clientizers.clientize;

import datomic.Database;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxResult;
import dev.datomickit.example.users.Model.Comment;
import dev.datomickit.example.users.Model.Post;
import dev.datomickit.example.users.Model.User;
import java.util.List;

/**
 * The endpoints. Each reads as finder, domain function, clientizer: resource identification,
 * domain logic and result layout stay apart, each reusable on its own.
 */
final class Routes {

    static Router router() {
        return new Router()
                .get("/health", Routes::health)
                .get("/users", Routes::listUsers)
                .post("/users", Routes::signUp)
                .get("/users/{id}", Routes::getUser)
                .get("/posts/{postId}/comments-of-user/{userId}", Routes::commentsOfUserAboutPost);
    }

    /** The body of {@code GET /health}: the basis t shows which database value this instance serves. */
    record Health(String status, long basisT) {}

    // GET /health: the server listens only once the schema is ensured and the migrations have
    // run, so this answers only then; 503 while stopping (HttpAdapter).
    static Response health(Request request) {
        return Response.ok(new Health("ok", request.db().basisT()));
    }

    // GET /users
    static Response listUsers(Request request) {
        List<User> users = Finders.allUsers(request.db());
        return Response.ok(clientize(CL_USER, users));
    }

    // GET /users/{id}
    static Response getUser(Request request) {
        User user = Finders.findUser(request.db(), request.uuid("id"));
        return Response.ok(CL_USER.apply(user.entity()));
    }

    // POST /users
    static Response signUp(Request request) {
        SignUp input = SignUp.from(request.jsonObject());                    // 400 with every field error
        TxResult result;
        try {
            result = Tx.transact(request.connection(), Users.signUp(input));
        } catch (TransactionException e) {
            if (e.is("db.error/unique-conflict")) {                           // decided by the transactor
                throw HttpError.conflict("A user with email " + input.email() + " already exists");
            }
            throw e;
        }
        User user = Finders.findUser(result.dbAfter(), input.id());
        return Response.created("/users/" + input.id(), CL_USER.apply(user.entity()));
    }

    // GET /posts/{postId}/comments-of-user/{userId}
    static Response commentsOfUserAboutPost(Request request) {
        Database db = request.db();
        User user = Finders.findUser(db, request.uuid("userId"));              // resource identification
        Post post = Finders.findPost(db, request.uuid("postId"));
        List<Comment> comments = Comments.ofUserAboutPost(user, post);         // domain logic
        return Response.ok(clientize(CL_COMMENT, comments));                   // result layout
    }

    private Routes() {}
}
