package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clojure.lang.Symbol;
import datomic.Attribute;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueTypeTest {

    @Test
    void coversDatomicsAttributeTypeConstants() {
        assertThat(List.of(Attribute.TYPE_BIGDEC, Attribute.TYPE_BIGINT, Attribute.TYPE_BOOLEAN, Attribute.TYPE_BYTES,
                Attribute.TYPE_DOUBLE, Attribute.TYPE_FLOAT, Attribute.TYPE_INSTANT, Attribute.TYPE_KEYWORD,
                Attribute.TYPE_LONG, Attribute.TYPE_REF, Attribute.TYPE_STRING, Attribute.TYPE_URI, Attribute.TYPE_UUID))
                .allSatisfy(ident -> assertThat(ValueType.of(ident).ident()).isEqualTo(ident));
    }

    @Test
    void parsesEveryNameForm() {
        assertThat(ValueType.of(Kw.of("db.type/string"))).isEqualTo(ValueType.STRING);
        assertThat(ValueType.of(":db.type/tuple")).isEqualTo(ValueType.TUPLE);
        assertThat(ValueType.of("db.type/symbol")).isEqualTo(ValueType.SYMBOL);
        assertThat(ValueType.of("uuid")).isEqualTo(ValueType.UUID);
        assertThatThrownBy(() -> ValueType.of("db.type/int"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown value type \"db.type/int\"; expected one of :db.type/string, ");
    }

    @Test
    void acceptsTheJavaValuesDatomicAccepts() {
        assertThat(ValueType.STRING.accepts("x")).isTrue();
        assertThat(ValueType.STRING.accepts(1L)).isFalse();
        assertThat(ValueType.LONG.accepts(1)).isTrue();
        assertThat(ValueType.LONG.accepts(1.0)).isFalse();
        assertThat(ValueType.DOUBLE.accepts(1.0f)).isFalse();
        assertThat(ValueType.FLOAT.accepts(1.0)).isTrue();
        assertThat(ValueType.BIGINT.accepts(BigInteger.ONE)).isTrue();
        assertThat(ValueType.BIGINT.accepts(1L)).isFalse();
        assertThat(ValueType.BIGDEC.accepts(BigDecimal.ONE)).isTrue();
        assertThat(ValueType.INSTANT.accepts(new Date())).isTrue();
        assertThat(ValueType.UUID.accepts(UUID.randomUUID())).isTrue();
        assertThat(ValueType.URI.accepts(URI.create("https://example.com"))).isTrue();
        assertThat(ValueType.KEYWORD.accepts(Kw.of("role/admin"))).isTrue();
        assertThat(ValueType.KEYWORD.accepts("role/admin")).isFalse();
        assertThat(ValueType.SYMBOL.accepts(Symbol.intern("x"))).isTrue();
        assertThat(ValueType.BYTES.accepts(new byte[] {1})).isTrue();
        assertThat(ValueType.REF.accepts(Tx.lookup("user/email", "a@example.com"))).isTrue();
        assertThat(ValueType.REF.accepts(Kw.of("role/admin"))).isTrue();
        assertThat(ValueType.REF.accepts(1.5)).isFalse();
        assertThat(ValueType.TUPLE.accepts(List.of(1L, "a"))).isTrue();
        assertThat(ValueType.BOOLEAN.accepts(null)).isFalse();
    }
}
