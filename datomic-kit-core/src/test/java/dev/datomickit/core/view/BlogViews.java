package dev.datomickit.core.view;

import clojure.lang.Keyword;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Typed views of the blog model (user / post / comment), reverse refs included. */
final class BlogViews {

    private BlogViews() {}

    interface User extends EntityView {
        UUID id();

        String email();

        Optional<String> name();

        Role role();

        @Attribute("user/joined")
        Optional<Date> joinedAt();

        Instant joined();

        Set<User> friends();

        boolean active();

        Optional<Profile> profile();

        @Attribute("post/_author")
        List<Post> posts();

        @Attribute("comment/_author")
        Set<Comment> comments();

        default String displayName() {
            return name().orElse(email());
        }

        enum Role { ADMIN, MEMBER }
    }

    interface Profile {
        String bio();

        @Attribute("user/_profile")
        User owner();
    }

    interface Post extends EntityView {
        UUID id();

        String title();

        User author();

        Status status();

        Set<Keyword> tags();

        BigDecimal rating();

        BigInteger views();

        Optional<Instant> publishedAt();

        URI url();

        List<Object> edition();

        @Attribute("comment/_post")
        List<Comment> comments();

        enum Status { DRAFT, PUBLISHED, IN_REVIEW }
    }

    interface Comment extends EntityView {
        UUID id();

        String content();

        User author();

        Post post();

        Set<Comment> replies();

        @Attribute("comment/_replies")
        Optional<Comment> parent();

        Optional<Boolean> flagged();
    }
}
