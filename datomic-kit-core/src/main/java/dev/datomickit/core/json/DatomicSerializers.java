package dev.datomickit.core.json;

import clojure.lang.BigInt;
import clojure.lang.Keyword;
import clojure.lang.Symbol;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.type.CollectionLikeType;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.MapLikeType;
import com.fasterxml.jackson.databind.type.MapType;
import com.fasterxml.jackson.databind.ser.Serializers;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import datomic.Datom;
import datomic.Entity;
import java.io.IOException;

/** The serializers of {@link DatomicModule}, chosen by class, with a refusal for Datomic internals. */
final class DatomicSerializers extends Serializers.Base {

    private static final Keyword DB_ID = Keyword.intern("db", "id");
    private static final Keyword DB_IDENT = Keyword.intern("db", "ident");

    @Override
    public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc) {
        Class<?> raw = type.getRawClass();
        if (Keyword.class.isAssignableFrom(raw)) {
            return KEYWORD;
        }
        if (Symbol.class.isAssignableFrom(raw)) {
            return SYMBOL;
        }
        if (BigInt.class.isAssignableFrom(raw)) {
            return BIG_INT;
        }
        return datomicType(raw);
    }

    // A database value is a Clojure record, so Jackson sees a Map: containers must be checked too.

    @Override
    public JsonSerializer<?> findMapSerializer(SerializationConfig config, MapType type, BeanDescription beanDesc,
            JsonSerializer<Object> keySerializer, TypeSerializer elementTypeSerializer,
            JsonSerializer<Object> elementValueSerializer) {
        return datomicType(type.getRawClass());
    }

    @Override
    public JsonSerializer<?> findMapLikeSerializer(SerializationConfig config, MapLikeType type,
            BeanDescription beanDesc, JsonSerializer<Object> keySerializer, TypeSerializer elementTypeSerializer,
            JsonSerializer<Object> elementValueSerializer) {
        return datomicType(type.getRawClass());
    }

    @Override
    public JsonSerializer<?> findCollectionSerializer(SerializationConfig config, CollectionType type,
            BeanDescription beanDesc, TypeSerializer elementTypeSerializer,
            JsonSerializer<Object> elementValueSerializer) {
        return datomicType(type.getRawClass());
    }

    @Override
    public JsonSerializer<?> findCollectionLikeSerializer(SerializationConfig config, CollectionLikeType type,
            BeanDescription beanDesc, TypeSerializer elementTypeSerializer,
            JsonSerializer<Object> elementValueSerializer) {
        return datomicType(type.getRawClass());
    }

    private static JsonSerializer<?> datomicType(Class<?> raw) {
        if (Entity.class.isAssignableFrom(raw)) {
            return ENTITY;
        }
        if (Datom.class.isAssignableFrom(raw)) {
            return DatomSerializer.INSTANCE;
        }
        if (raw.getName().startsWith("datomic.")) {
            // Databases, connections and internals hold references to whole indexes: never walk them.
            return new RefusingSerializer();
        }
        return null;
    }

    /** Writes one value with a function: the simple types need no class of their own. */
    static final class Writing<T> extends StdSerializer<T> {
        private final Writer<T> writer;

        Writing(Class<T> type, Writer<T> writer) {
            super(type);
            this.writer = writer;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            writer.write(value, gen);
        }
    }

    @FunctionalInterface
    interface Writer<T> {
        void write(T value, JsonGenerator gen) throws IOException;
    }

    static final JsonSerializer<Keyword> KEYWORD =
            new Writing<>(Keyword.class, (k, gen) -> gen.writeString(Naming.KEEP_NAMESPACE.apply(k)));
    static final JsonSerializer<Keyword> KEYWORD_KEY =
            new Writing<>(Keyword.class, (k, gen) -> gen.writeFieldName(Naming.KEEP_NAMESPACE.apply(k)));
    static final JsonSerializer<Symbol> SYMBOL = new Writing<>(Symbol.class, (s, gen) -> gen.writeString(s.toString()));
    static final JsonSerializer<BigInt> BIG_INT =
            new Writing<>(BigInt.class, (b, gen) -> gen.writeNumber(b.toBigInteger()));
    static final JsonSerializer<Entity> ENTITY = new Writing<>(Entity.class, (e, gen) -> {
        if (e.get(DB_IDENT) instanceof Keyword ident) {
            gen.writeString(Naming.KEEP_NAMESPACE.apply(ident));
        } else {
            gen.writeNumber(((Number) e.get(DB_ID)).longValue());
        }
    });

    static final class DatomSerializer extends StdSerializer<Datom> {
        static final DatomSerializer INSTANCE = new DatomSerializer();

        private DatomSerializer() {
            super(Datom.class);
        }

        @Override
        public void serialize(Datom datom, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            provider.defaultSerializeField("e", datom.e(), gen);
            provider.defaultSerializeField("a", datom.a(), gen);
            provider.defaultSerializeField("v", datom.v(), gen);
            provider.defaultSerializeField("tx", datom.tx(), gen);
            gen.writeBooleanField("added", datom.added());
            gen.writeEndObject();
        }
    }

    static final class RefusingSerializer extends StdSerializer<Object> {

        RefusingSerializer() {
            super(Object.class);
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            // Named by what it is to the user, never by class or value: a connection's text may hold its URI.
            String what = value instanceof datomic.Database ? "a Datomic database value"
                    : value instanceof datomic.Connection ? "a Datomic connection" : "an object of Datomic's internals";
            throw JsonMappingException.from(gen, "Refusing to serialize " + what + ": Datomic database values,"
                    + " connections and internal objects are not data, and would drag whole indexes into the JSON;"
                    + " serialize entities, pulled maps or clientized maps instead");
        }
    }
}
