package dev.datomickit.core.json;

import clojure.lang.Keyword;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.module.SimpleSerializers;

/**
 * A Jackson module for Datomic's own types, so that an {@link com.fasterxml.jackson.databind.ObjectMapper}
 * writes them as small values and never walks an entity graph or a database by accident.
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper().registerModule(new DatomicModule());
 * mapper.writeValueAsString(db.pull("[:user/email :user/role]", id));
 * // {"user/email":"alice@example.com","user/role":{"db/id":17592186045418}}
 * }</pre>
 *
 * <table>
 *   <caption>How each type is written</caption>
 *   <tr><th>type</th><th>JSON</th></tr>
 *   <tr><td>keyword ({@code :user/email}), as value or map key</td><td>{@code "user/email"}</td></tr>
 *   <tr><td>symbol</td><td>its name as a string</td></tr>
 *   <tr><td>Clojure {@code BigInt}</td><td>an exact integer</td></tr>
 *   <tr><td>{@link datomic.Entity}</td><td>its ident as a string if it has one (an enum), else its
 *       entity id; never its attributes</td></tr>
 *   <tr><td>{@link datomic.Datom}</td><td>{@code {"e":…,"a":…,"v":…,"tx":…,"added":…}}, with the
 *       attribute as its entity id</td></tr>
 *   <tr><td>tuples, many-valued attributes</td><td>arrays (they are {@link java.util.List}s), with
 *       their elements written by these rules</td></tr>
 *   <tr><td>{@link datomic.Database}, {@link datomic.Connection} and any other {@code datomic.*}
 *       class</td><td>refused with a {@code JsonMappingException}: they are not data</td></tr>
 * </table>
 *
 * <p>Instants ({@link java.util.Date}) keep the mapper's own setting; disable
 * {@code SerializationFeature.WRITE_DATES_AS_TIMESTAMPS} for ISO-8601 text, or clientize first
 * ({@link Clientizer} writes instants as ISO-8601).
 */
public final class DatomicModule extends Module {

    /** Creates the module; register it with {@code ObjectMapper.registerModule}. */
    public DatomicModule() {}

    /**
     * Returns the module's name, which Jackson uses to register it once per mapper.
     *
     * @return {@code "datomic-kit"}
     */
    @Override
    public String getModuleName() {
        return "datomic-kit";
    }

    /**
     * Returns the module's version.
     *
     * @return an unknown version: the module follows the datomic-kit release it ships in
     */
    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    /**
     * Registers the serializers.
     *
     * @param context the mapper's setup context
     */
    @Override
    public void setupModule(SetupContext context) {
        context.addSerializers(new DatomicSerializers());
        SimpleSerializers keys = new SimpleSerializers();
        keys.addSerializer(Keyword.class, DatomicSerializers.KEYWORD_KEY);
        context.addKeySerializers(keys);
    }
}
