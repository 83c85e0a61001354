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
            return KeywordSerializer.INSTANCE;
        }
        if (Symbol.class.isAssignableFrom(raw)) {
            return SymbolSerializer.INSTANCE;
        }
        if (BigInt.class.isAssignableFrom(raw)) {
            return BigIntSerializer.INSTANCE;
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
            return EntitySerializer.INSTANCE;
        }
        if (Datom.class.isAssignableFrom(raw)) {
            return DatomSerializer.INSTANCE;
        }
        if (raw.getName().startsWith("datomic.")) {
            // Databases, connections and internals hold references to whole indexes: never walk them.
            return new RefusingSerializer(raw);
        }
        return null;
    }

    static final class KeywordSerializer extends StdSerializer<Keyword> {
        static final KeywordSerializer INSTANCE = new KeywordSerializer();

        private KeywordSerializer() {
            super(Keyword.class);
        }

        @Override
        public void serialize(Keyword value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Naming.KEEP_NAMESPACE.apply(value));
        }
    }

    static final class KeywordKeySerializer extends StdSerializer<Keyword> {
        static final KeywordKeySerializer INSTANCE = new KeywordKeySerializer();

        private KeywordKeySerializer() {
            super(Keyword.class);
        }

        @Override
        public void serialize(Keyword value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeFieldName(Naming.KEEP_NAMESPACE.apply(value));
        }
    }

    static final class SymbolSerializer extends StdSerializer<Symbol> {
        static final SymbolSerializer INSTANCE = new SymbolSerializer();

        private SymbolSerializer() {
            super(Symbol.class);
        }

        @Override
        public void serialize(Symbol value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    static final class BigIntSerializer extends StdSerializer<BigInt> {
        static final BigIntSerializer INSTANCE = new BigIntSerializer();

        private BigIntSerializer() {
            super(BigInt.class);
        }

        @Override
        public void serialize(BigInt value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toBigInteger());
        }
    }

    static final class EntitySerializer extends StdSerializer<Entity> {
        static final EntitySerializer INSTANCE = new EntitySerializer();

        private EntitySerializer() {
            super(Entity.class);
        }

        @Override
        public void serialize(Entity value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.get(DB_IDENT) instanceof Keyword ident) {
                gen.writeString(Naming.KEEP_NAMESPACE.apply(ident));
            } else {
                gen.writeNumber(((Number) value.get(DB_ID)).longValue());
            }
        }
    }

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
        private final Class<?> type;

        RefusingSerializer(Class<?> type) {
            super(Object.class);
            this.type = type;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            throw JsonMappingException.from(gen, "Refusing to serialize " + type.getName() + ": Datomic "
                    + (value instanceof datomic.Database ? "database values" : value instanceof datomic.Connection
                    ? "connections" : "internal objects")
                    + " are not data and would drag whole indexes into the JSON; serialize entities, pulled maps or"
                    + " clientized maps instead");
        }
    }
}
