package dev.datomickit.testing.guide;

import dev.datomickit.testing.junit.DatomicTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

// snippet:meta-annotation
/** The users schema and sample users, at a fixed instant: one name for the fixture set. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DatomicTest(fixtures = {UsersSchema.class, SampleUsers.class}, txInstant = "2024-01-01T00:00:00Z")
public @interface UsersDatabase {}
// end-snippet:meta-annotation
