package dev.datomickit.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datomickit.core.env.DatomicUri.Storage;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing every storage's URI form, and keeping secrets out of everything a URI shows. */
class DatomicUriTest {

    private static final String SECRET = "hunter2";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        datomic:mem://app                                                                       | MEM       | app | -          | -
        datomic:dev://localhost:4334/app                                                        | DEV       | app | localhost  | 4334
        datomic:dev://transactor:4334/app?password=hunter2                                      | DEV       | app | transactor | 4334
        datomic:sql://app?jdbc:postgresql://db:5432/datomic?user=datomic&password=hunter2       | SQL       | app | db         | 5432
        datomic:sql://app?jdbc:postgresql://app-postgres/datomic?user=datomic&password=hunter2  | SQL       | app | app-postgres | 5432
        datomic:sql://app?jdbc:mysql://mysql.internal/datomic?user=datomic&password=hunter2     | SQL       | app | mysql.internal | 3306
        datomic:sql://app?jdbc:mariadb://maria:3307/datomic                                     | SQL       | app | maria      | 3307
        datomic:sql://app?jdbc:sqlserver://mssql;databaseName=datomic;user=sa;password=hunter2  | SQL       | app | mssql      | 1433
        datomic:sql://app?jdbc:oracle:thin:scott/hunter2@ora.example.com:1522:orcl              | SQL       | app | ora.example.com | 1522
        datomic:sql://app?jdbc:postgresql://[::1]:6543/datomic                                  | SQL       | app | ::1        | 6543
        datomic:ddb://us-east-1/datomic-table/app                                               | DDB       | app | -          | -
        datomic:ddb://eu-west-1/t/app?aws_access_key_id=AKIAEXAMPLE&aws_secret_key=hunter2     | DDB       | app | -          | -
        datomic:ddb-local://localhost:8000/datomic/app?aws_access_key_id=x&aws_secret_key=hunter2 | DDB_LOCAL | app | localhost | 8000
        datomic:cass://cassandra:9043/datomic.datomic/app?user=cassandra&password=hunter2&ssl=true | CASS    | app | cassandra  | 9043
        datomic:cass://cassandra/datomic.datomic/app                                            | CASS      | app | cassandra  | 9042
        """)
    void everyStorageFormParses(String text, Storage storage, String database, String host, String port) {
        DatomicUri uri = DatomicUri.parse(text);

        assertThat(uri.storage()).isEqualTo(storage);
        assertThat(uri.database()).isEqualTo(database);
        assertThat(uri.host()).isEqualTo(host.equals("-") ? java.util.Optional.empty() : java.util.Optional.of(host));
        assertThat(uri.port()).isEqualTo(port.equals("-") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port)));
        assertThat(uri.connectionString()).isEqualTo(text);
        assertThat(uri.toString()).doesNotContain(SECRET);
        assertThat(uri.isInMemory()).isEqualTo(storage == Storage.MEM);
    }

    @Test
    void toStringRedactsEverySecretAndKeepsTheRest() {
        assertThat(DatomicUri.parse("datomic:sql://app?jdbc:postgresql://db:5432/datomic?user=datomic&password=hunter2&ssl=true"))
                .hasToString("datomic:sql://app?jdbc:postgresql://db:5432/datomic?user=datomic&password=***&ssl=true");
        assertThat(DatomicUri.parse("datomic:dev://localhost:4334/app?password=hunter2"))
                .hasToString("datomic:dev://localhost:4334/app?password=***");
        assertThat(DatomicUri.parse("datomic:sql://app?jdbc:oracle:thin:scott/hunter2@ora:1521:orcl"))
                .hasToString("datomic:sql://app?jdbc:oracle:thin:scott/***@ora:1521:orcl");
        assertThat(DatomicUri.parse("datomic:sql://app?jdbc:sqlserver://mssql;user=sa;password=hunter2;encrypt=true"))
                .hasToString("datomic:sql://app?jdbc:sqlserver://mssql;user=sa;password=***;encrypt=true");
        assertThat(DatomicUri.parse("datomic:ddb://us-east-1/t/app?aws_access_key_id=AKIAEXAMPLE&aws_secret_key=hunter2"))
                .hasToString("datomic:ddb://us-east-1/t/app?aws_access_key_id=AKIAEXAMPLE&aws_secret_key=***");
        assertThat(DatomicUri.parse("datomic:sql://app?jdbc:mysql://root:hunter2@db:3306/datomic"))
                .hasToString("datomic:sql://app?jdbc:mysql://root:***@db:3306/datomic");
        assertThat(DatomicUri.parse("datomic:sql://app?jdbc:postgresql://db/datomic?user=u&PASSWORD=h%26nter2"))
                .hasToString("datomic:sql://app?jdbc:postgresql://db/datomic?user=u&PASSWORD=***");
        assertThat(DatomicUri.parse("datomic:mem://app")).hasToString("datomic:mem://app");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "datomic:sql://?jdbc:postgresql://db/datomic?user=u&password=hunter2",          // no database name
        "datomic:sql://app?postgresql://db/datomic?user=u&password=hunter2",            // no jdbc:
        "datomic:sql://app?password=hunter2",                                            // no JDBC URL at all
        "datomic:sql://app?jdbc:postgresql://db:99999/datomic?password=hunter2",        // port out of range
        "datomic:dev://host:notaport/app?password=hunter2",                              // port not a number
        "datomic:dev://host/app?password=hunter2",                                       // no port
        "datomic:dev://host:4334?password=hunter2",                                      // no database
        "datomic:postgres://user:hunter2@host/app",                                      // unknown storage
        "datomic:free://localhost:4334/app?password=hunter2",                            // Datomic Free
        "datomic:cass://host:9042/app?user=u&password=hunter2",                          // no keyspace.table
        "datomic:ddb://us-east-1/app?aws_secret_key=hunter2",                            // no table
        "datomic:ddb-local://localhost/t/app?aws_secret_key=hunter2",                    // no port
        "datomic:mem://app/extra?password=hunter2",                                      // mem takes a name only
        "datomic:sql:app?jdbc:postgresql://db/datomic?password=hunter2",                 // no ://
        "jdbc:postgresql://db/datomic?user=u&password=hunter2",                          // not a Datomic URI
        "postgres://u:hunter2@db/datomic",                                               // not a Datomic URI either
        "datomic:cass://user:hunter2@/datomic.datomic/app",                              // no Cassandra host
    })
    void malformedUrisAreRefusedWithTheReasonAndWithoutTheSecret(String text) {
        assertThatThrownBy(() -> DatomicUri.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("Invalid Datomic URI ").contains("***")
                        .doesNotContain(SECRET))
                .hasNoCause();
    }

    @Test
    void aJdbcUrlOfUnknownFormIsAcceptedWithoutAHostToCheck() {
        DatomicUri uri = DatomicUri.parse("datomic:sql://app?jdbc:oracle:thin:scott/hunter2@:1521x");

        assertThat(uri.host()).isEmpty();
        assertThat(uri).hasToString("datomic:sql://app?jdbc:oracle:thin:scott/***@:1521x");
    }

    @Test
    void eachMalformedUriSaysWhatIsWrong() {
        assertThatThrownBy(() -> DatomicUri.parse("datomic:sql://app?postgresql://db/x?password=hunter2"))
                .hasMessage("Invalid Datomic URI datomic:sql://app?postgresql://db/x?password=***: the JDBC URL is missing"
                        + " after \"datomic:sql://app?\"; expected for example"
                        + " datomic:sql://app?jdbc:postgresql://HOST:5432/datomic?user=datomic&password=…");
        assertThatThrownBy(() -> DatomicUri.parse("datomic:dev://host:x/app?password=hunter2"))
                .hasMessageEndingWith(": the port \"x\" is not a number from 1 to 65535");
        assertThatThrownBy(() -> DatomicUri.parse("datomic:dev://host/app"))
                .hasMessageContaining("the transactor port is missing");
        assertThatThrownBy(() -> DatomicUri.parse("datomic:couch://db/app"))
                .hasMessageContaining("unknown storage \"couch\"; expected one of mem, dev, sql, ddb, ddb-local, cass");
        assertThatThrownBy(() -> DatomicUri.parse("datomic:free://localhost:4334/app"))
                .hasMessageContaining("the Datomic Pro peer does not support; run a dev transactor");
        assertThatThrownBy(() -> DatomicUri.parse("  ")).hasMessageStartingWith("No Datomic URI given (blank)");
        assertThatThrownBy(() -> DatomicUri.parse(null)).hasMessageStartingWith("No Datomic URI given (null)");
    }

    @Test
    void redactWorksOnAnyTextEvenUnparseable() {
        assertThat(DatomicUri.redact("postgres://u:hunter2@db/datomic?password=hunter2&sslmode=require"))
                .isEqualTo("postgres://u:***@db/datomic?password=***&sslmode=require");
        assertThat(DatomicUri.redact("token=abc;pwd=def;secret=ghi")).isEqualTo("token=***;pwd=***;secret=***");
        assertThat(DatomicUri.redact("datomic:dev://host:4334/app")).isEqualTo("datomic:dev://host:4334/app");
        assertThat(DatomicUri.redact(null)).isEqualTo("null");
    }

    /**
     * Found by the reliability suite (MalformedUrisTest): a typo in the JDBC part of a URI, such as
     * {@code jdbc:oracle:thn:}, or a {@code //} that lost a slash, defeated the patterns that find
     * passwords, and the error quoted the URI with its password.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "datomic:sql://app?jdbc:oracle:thn:scott/hunter2@ora:1521:orcl",     // mistyped thin
        "datomic:sql://app?jdbc:orcle:thin:scott/hunter2@//ora:1521/svc",   // mistyped oracle
        "datomic:sql://app?jdbc:mysql:/root:hunter2@db:3306/datomic",        // one slash
        "datomic:sql://app?jdbc:mysql://root:hun/ter2@db:3306/datomic",      // an unencoded '/'
        "datomic:sql://app?jdbc:mysql://root:hunter2@x@db:3306/datomic",     // an unencoded '@'
        "datomic:sql:/app?jdbc:mysql://root:h&unter2;x=1@db/datomic",         // sub-delimiters, and no "://"
        "datomic:sql://app?jdbc:mysql:root:hunter2@db/datomic",              // no slashes at all
    })
    void whatStandsBeforeAnAtIsHiddenEvenWhenTheUrlIsDamaged(String text) {
        String shown;
        try {
            shown = DatomicUri.parse(text).toString();
        } catch (IllegalArgumentException e) {
            shown = e.getMessage();
        }
        assertThat(shown).contains("***").doesNotContain("hunter").doesNotContain("unter2").doesNotContain("ter2");
        assertThat(DatomicUri.redact(text)).doesNotContain("hunter").doesNotContain("ter2");
    }

    /**
     * Found by the reliability suite (MalformedUrisTest, seed -933186685791055806): a ';' in a
     * MySQL password ended the user info early, so the parser took the user name for the host and
     * the password's first characters for the port, and the error quoted them: {@code the port
     * "77598" is not a number}. Whole secrets were replaced in messages, but not pieces of them.
     */
    @Test
    void aSemicolonInAUserInfoPasswordIsPartOfThePassword() {
        DatomicUri uri = DatomicUri.parse("datomic:sql://app?jdbc:mysql://datomic:77598HVDA_s*sY*~$;e@db.internal:16776/datomic");

        assertThat(uri.host()).contains("db.internal");
        assertThat(uri.port()).hasValue(16776);
        assertThat(uri).hasToString("datomic:sql://app?jdbc:mysql://datomic:***@db.internal:16776/datomic");
        // SQL Server has no user info: ';user=name@domain' is a property, and the port stays the port.
        assertThat(DatomicUri.parse("datomic:sql://app?jdbc:sqlserver://mssql:1434;user=sa@corp;password=hunter2").port())
                .hasValue(1434);
    }

    /** Where the parser cannot tell a password from a port or a host, the error says so without quoting it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "datomic:sql://app?jdbc:mysql://datomic:77598/hunter2@db:3306/datomic",   // '/' in the password: "77598" is the port
        "datomic:sql://app?jdbc:postgresql://u:99999?hunter2@db/datomic",         // '?' in it
        "datomic:cass://u:9999999hunter2@/ks.t/app",                              // the port is all password
        "datomic:sql://app?jdbc:postgresql://@datomic:77598/hunter2@db:5432/datomic", // a stray '@' before the user
    })
    void noPieceOfAPasswordIsQuotedAsAPortOrHost(String text) {
        assertThatThrownBy(() -> DatomicUri.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("Invalid Datomic URI ")
                        .doesNotContain("77598").doesNotContain("99999").doesNotContain("unter"));
    }

    @Test
    void aFragmentOutsideEverySecretIsStillQuoted() {
        assertThatThrownBy(() -> DatomicUri.parse("datomic:sql://app?jdbc:mysql://root:hunter2@db:99999/datomic"))
                .hasMessage("Invalid Datomic URI datomic:sql://app?jdbc:mysql://root:***@db:99999/datomic:"
                        + " the port \"99999\" is not a number from 1 to 65535");
        assertThatThrownBy(() -> DatomicUri.parse("datomic:sql://app?jdbc:mysql://root:77598/x@db:3306/datomic"))
                .hasMessage("Invalid Datomic URI datomic:sql://app?jdbc:mysql://root:***@db:3306/datomic: the port"
                        + " (not shown: it runs into a secret; percent-encode '/', '?', '@', ':' and ';' in passwords)"
                        + " is not a number from 1 to 65535");
    }

    @Test
    void anAtInsideAParameterHidesOnlyTheValue() {
        // SQL Server's URLs have no user info: an '@' in a property's value is part of the value.
        assertThat(DatomicUri.redact("jdbc:sqlserver://db;user=app@tenant;password=hunter2"))
                .isEqualTo("jdbc:sqlserver://db;user=app@tenant;password=***");
        assertThat(DatomicUri.redact("datomic:dev://host:4334/app?password=hun@ter2"))
                .isEqualTo("datomic:dev://host:4334/app?password=***");
        assertThat(DatomicUri.redact("Connecting as root:hunter2@db failed")).isEqualTo("Connecting as root:***@db failed");
    }

    @Test
    void scrubRemovesTheSecretsOfAUriFromTextThatQuotesThemAnyWay() {
        DatomicUri uri = DatomicUri.parse("datomic:sql://app?jdbc:postgresql://db/datomic?user=u&password=hunter2");
        String foreign = "Connection to {:user \"u\", :password \"hunter2\"} failed; url=jdbc:postgresql://db/datomic?"
                + "user=u&password=hunter2 refused";

        assertThat(uri.scrub(foreign)).doesNotContain(SECRET)
                .isEqualTo("Connection to {:user \"u\", :password \"***\"} failed; url=jdbc:postgresql://db/datomic?"
                        + "user=u&password=*** refused");
    }

    @Test
    void urisAreEqualByConnectionString() {
        String text = "datomic:dev://localhost:4334/app?password=hunter2";
        assertThat(DatomicUri.parse(text)).isEqualTo(DatomicUri.parse(" " + text + " "))
                .hasSameHashCodeAs(DatomicUri.parse(text))
                .isNotEqualTo(DatomicUri.parse("datomic:dev://localhost:4334/app?password=other"));
        assertThat(Storage.DDB_LOCAL.protocol()).isEqualTo("ddb-local");
    }
}
