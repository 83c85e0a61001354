package dev.datomickit.core.view;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the attribute a view method reads, when the naming convention does not find it, or for a
 * reverse ref.
 *
 * <pre>{@code
 * @Attribute("user/password-hash") String passwordHash();
 * @Attribute("comment/_post") Set<Comment> comments();   // the comments whose :comment/post is this post
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Attribute {

    /**
     * The attribute's ident, with or without the leading colon; a reverse ref puts an underscore
     * before the name ({@code comment/_post}).
     *
     * @return the attribute
     */
    String value();
}
