package dev.datomickit.core.view;

import static org.assertj.core.api.Assertions.assertThat;

import datomic.Database;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.testmodel.Blog;
import dev.datomickit.core.view.BlogViews.Comment;
import dev.datomickit.core.view.BlogViews.User;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One view type used from many threads against two databases at once, so its bindings switch under them. */
class ViewTypeConcurrencyTest {

    @Test
    void viewsReadCorrectlyWhileTheBindingsSwitchBetweenDatabases() throws Exception {
        Database first = Blog.db();
        Database second = Blog.freshConnection().db(); // another database: another id, same schema
        Database renamed = Tx.with(second, Tx.data(Tx.add(List.of(Kw.of("user/id"), Blog.BOB), "user/name", "Robert")))
                .dbAfter();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                failures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 500; i++) {
                        boolean even = i % 2 == 0;
                        Database db = even ? first : renamed;
                        Comment comment = ViewType.of(Comment.class).wrap(Entities.get(db, "comment/id", Blog.COMMENT_1));
                        User author = comment.author();
                        String expected = even ? "Bob" : "Robert";
                        if (!author.name().orElse("").equals(expected) || author.friends().size() != 2
                                || comment.replies().size() != 1) {
                            return "iteration " + i + ": " + author.name() + " instead of " + expected;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<String> failure : failures) {
                assertThat(failure.get()).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
