package dev.datomickit.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passwords in legal JDBC forms that the redaction once showed, masking by structure rather than
 * by content, and time linear in the length of the text.
 */
class RedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        MySQL multi-factor         | datomic:sql://app?jdbc:mysql://db:3306/datomic?user=u&password1=hunter2&password2=tiger99x&password3=lion77y&ssl=true | datomic:sql://app?jdbc:mysql://db:3306/datomic?user=u&password1=***&password2=***&password3=***&ssl=true
        SQL Server braces          | datomic:sql://app?jdbc:sqlserver://db;user=sa;password={hunt;er2}}x};encrypt=true | datomic:sql://app?jdbc:sqlserver://db;user=sa;password={***};encrypt=true
        SQL Server, ';' then '='   | datomic:sql://app?jdbc:sqlserver://db;password={a;user=b};user=sa | datomic:sql://app?jdbc:sqlserver://db;password={***};user=sa
        PostgreSQL ';' in a value  | datomic:sql://app?jdbc:postgresql://db/datomic?user=u&password=hunt;er2&ssl=true | datomic:sql://app?jdbc:postgresql://db/datomic?user=u&password=***&ssl=true
        Oracle quoted              | datomic:sql://app?jdbc:oracle:thin:scott/"pa@ss word"@ora:1521:orcl | datomic:sql://app?jdbc:oracle:thin:scott/"***"@ora:1521:orcl
        Oracle quoted user too     | datomic:sql://app?jdbc:oracle:thin:"sc/ott"/"p@ss/w?rd"@//ora:1521/svc | datomic:sql://app?jdbc:oracle:thin:"sc/ott"/"***"@//ora:1521/svc
        """)
    void legalJdbcFormsHideTheWholePassword(String form, String uri, String redacted) {
        assertThat(DatomicUri.parse(uri)).as(form).hasToString(redacted);
        assertThat(DatomicUri.redact(uri)).as(form).isEqualTo(redacted);
        assertThat(DatomicUri.redact("Cannot connect to " + uri + ": refused")).as(form)
                .isEqualTo("Cannot connect to " + redacted + ": refused");
    }

    @Test
    void anOracleQuotedPasswordIsNotReadAsTheHost() {
        DatomicUri uri = DatomicUri.parse("datomic:sql://app?jdbc:oracle:thin:scott/\"pa@ss word\"@ora.invalid:1522:orcl");

        assertThat(uri.host()).contains("ora.invalid");
        assertThat(uri.port()).hasValue(1522);
        assertThatThrownBy(() -> StoragePreflight.check(uri, Duration.ofSeconds(2), false))
                .isInstanceOf(StorageUnreachableException.class)
                .hasMessageContaining("host \"ora.invalid\" does not resolve")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa@ss").doesNotContain("ss word"));
    }

    /** An unquoted '@' in an Oracle password: the driver would read the host from inside it, so the parser refuses it. */
    @Test
    void aHostReadFromInsideAPasswordIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> DatomicUri.parse("datomic:sql://app?jdbc:oracle:thin:scott/hun@ter2@ora:1521:orcl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid Datomic URI datomic:sql://app?jdbc:oracle:thin:scott/***@ora:1521:orcl: the host"
                        + " cannot be read without showing part of a password; percent-encode '/', '?', '@', ':' and ';'"
                        + " in passwords (for Oracle, put the password in double quotes)");
        // Found by the reliability suite: a host that is a lone '[' is not an IPv6 address.
        assertThat(DatomicUri.parse("datomic:sql://app?jdbc:oracle:thin:u/p@[/db:1136/ORCL").host()).contains("[");
    }

    /** A short password was replaced wherever it occurred: "e***pected". */
    @Test
    void aShortPasswordMasksItsValueAndNothingElse() {
        assertThatThrownBy(() -> DatomicUri.parse("datomic:dev://host/app?password=e"))
                .hasMessage("Invalid Datomic URI datomic:dev://host/app?password=***: the transactor port is missing;"
                        + " expected datomic:dev://HOST:PORT/NAME (the transactor's port, 4334 by default)");
        DatomicUri uri = DatomicUri.parse("datomic:dev://localhost:4334/app?password=e");
        assertThat(uri.scrub("unexpected end of stream: password=e (the peer expected more)"))
                .isEqualTo("unexpected end of stream: password=*** (the peer expected more)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        -Ddatomic.memcachedPassword='a b;c' -Xmx1g            | -Ddatomic.memcachedPassword='***' -Xmx1g
        -Dx.password="a \\"b\\" c" -Dy=1                      | -Dx.password="***" -Dy=1
        sql-password=a b;c&d                                  | sql-password=***
        `  export DB_PASSWORD="a 'b' c"  `                    | `  export DB_PASSWORD="***"  `
        token=abc;pwd=def;secret=ghi                          | token=***;pwd=***;secret=***
        {:user "u", :db/password "a \\" b"}                   | {:user "u", :db/password "***"}
        {"user": "u", "password": "a, b"}                     | {"user": "u", "password": "***"}
        login failed for root:hunter2@db (retrying)           | login failed for root:***@db (retrying)
        reached admin@example.com                             | reached ***@example.com
        """)
    void freeTextFormsAreMaskedByTheirGrammar(String text, String redacted) {
        assertThat(DatomicUri.redact(text)).isEqualTo(redacted);
    }

    /** Hostile shapes: the old patterns went back over the text at every '@', quadratic in the length. */
    @ParameterizedTest
    @ValueSource(strings = {
        "@", "a@", "a:b@c/", "x://a:b", "jdbc:oracle:thin:a/", "password=a&", "password=\"", "/\"", "?a", "?a=",
        ";password=", "{", "'", ":password ", "\"password\":", "jdbc:sqlserver://h;password={", "jdbc:mysql:",
        "datomic:sql://a?", "//u:p", "&token=x;", "\n password=x\\", "a b@",
    })
    void aMegabyteOfAHostileShapeIsRedactedInLinearTime(String unit) {
        String text = unit.repeat((1 << 20) / unit.length());
        // A guard against a hang, not a measurement: the quadratic scan took minutes on a megabyte.
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (Function<String, String> redact : java.util.List.<Function<String, String>>of(Redaction::uri,
                    DatomicUri::redact)) {
                assertThat(redact.apply(text)).isNotNull();
            }
            try {
                DatomicUri.parse("datomic:sql://app?jdbc:mysql://" + text);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("Invalid Datomic URI");
            }
        });
    }
}
