package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.BIGDEC;
import static dev.datomickit.core.ValueType.BIGINT;
import static dev.datomickit.core.ValueType.BOOLEAN;
import static dev.datomickit.core.ValueType.BYTES;
import static dev.datomickit.core.ValueType.DOUBLE;
import static dev.datomickit.core.ValueType.FLOAT;
import static dev.datomickit.core.ValueType.INSTANT;
import static dev.datomickit.core.ValueType.KEYWORD;
import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;
import static dev.datomickit.core.ValueType.SYMBOL;
import static dev.datomickit.core.ValueType.URI;
import static dev.datomickit.core.ValueType.UUID;

/** Schemas shared by the tests: one that uses every feature of the model, one of every value type. */
final class Schemas {

    private Schemas() {}

    /** Users and posts: identity, fulltext, deprecation, enum, component, composite, shared attribute, specs. */
    static final Schema USERS = Schema.builder()
            .namespace("time", time -> time.attr("created", INSTANT).doc("When the entity was created"))
            .namespace("user", user -> {
                user.attr("email", STRING).identity().doc("Login, lower case");
                user.attr("name", STRING).fulltext().doc("Display name");
                user.attr("nickname", STRING).deprecated("use :user/name");
                user.attr("age", LONG).index();
                user.attr("roles", KEYWORD).many();
                user.enumeration("status", "active", "suspended");
                user.attr("friends", REF).many();
                user.attr("address", REF).component();
                user.attr("org", STRING);
                user.composite("org+email", "org", "email").uniqueValue();
                user.attr("scores", LONG).many().noHistory();
                user.entity("validate").requires("email", "time/created").doc("A user as the API accepts it");
            })
            .namespace("address", address -> address.attr("city", STRING))
            .namespace("post", post -> {
                post.attr("title", STRING).doc("Headline");
                post.entity("validate").requires("title", "time/created");
            })
            .build();

    /** One attribute of each value type, and each kind of tuple. */
    static final Schema EVERY_TYPE = Schema.builder()
            .namespace("t", t -> {
                t.attr("string", STRING);
                t.attr("boolean", BOOLEAN);
                t.attr("long", LONG);
                t.attr("bigint", BIGINT);
                t.attr("float", FLOAT);
                t.attr("double", DOUBLE);
                t.attr("bigdec", BIGDEC);
                t.attr("instant", INSTANT);
                t.attr("uuid", UUID);
                t.attr("uri", URI);
                t.attr("keyword", KEYWORD);
                t.attr("symbol", SYMBOL);
                t.attr("bytes", BYTES);
                t.attr("ref", REF);
                t.tupleOf("point", LONG).doc("homogeneous");
                t.tuple("pair", STRING, LONG).many().doc("heterogeneous");
                t.composite("string+long", "string", "long").identity();
            })
            .build();
}
