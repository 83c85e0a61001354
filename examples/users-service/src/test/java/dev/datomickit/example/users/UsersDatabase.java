package dev.datomickit.example.users;

import dev.datomickit.testing.junit.DatomicTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fork per test of a database holding the schema and the sample data as they were before the
 * service's migrations: what the service's embedded default starts from.
 */
@Target(ElementType.TYPE)
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@DatomicTest(fixtures = {UsersSchema.class, SampleData.class})
@interface UsersDatabase {}
