package dev.datomickit.core.view;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the attribute namespace of a view interface's methods. Without it the namespace is the
 * interface's simple name with a lower-case first letter: {@code User} reads {@code :user/…},
 * {@code BlogPost} reads {@code :blogPost/…}.
 *
 * <pre>{@code
 * @Namespace("blog.post")
 * interface Post { String title(); }   // :blog.post/title
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Namespace {

    /**
     * The namespace, such as {@code "user"} or {@code "blog.post"}.
     *
     * @return the namespace
     */
    String value();
}
