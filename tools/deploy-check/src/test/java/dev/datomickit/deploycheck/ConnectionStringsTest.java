package dev.datomickit.deploycheck;

import static dev.datomickit.core.env.DatomicUri.redact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Datomic URIs, JDBC URLs and host:port pairs, parsed the way the peer would read them. */
class ConnectionStringsTest {

    @Test
    void sqlUriYieldsTheStorageHostAndPortOfItsJdbcUrl() {
        DatomicUri uri = DatomicUri.parse(
                "datomic:sql://users?jdbc:postgresql://users-service-db:5432/datomic?user=datomic&password=s3cret");

        assertThat(uri.protocol()).isEqualTo("sql");
        assertThat(uri.storage()).containsExactly(new Endpoint("users-service-db", 5432, true));
        assertThat(uri.transactor()).isEmpty();
    }

    @Test
    void missingPortsTakeTheDatabaseDefaultAndSeveralHostsAreAllRead() {
        assertThat(DatomicUri.parse("datomic:sql://users?jdbc:postgresql://db/datomic").storage())
                .containsExactly(new Endpoint("db", 5432, false));
        assertThat(JdbcUrl.parse("jdbc:mysql://a:3307,b/datomic?user=x").endpoints())
                .containsExactly(new Endpoint("a", 3307, true), new Endpoint("b", 3306, false));
        assertThat(JdbcUrl.parse("jdbc:postgresql://[::1]:5433/datomic").endpoints())
                .containsExactly(new Endpoint("::1", 5433, true));
        assertThat(JdbcUrl.parse("jdbc:postgresql:datomic").endpoints())
                .containsExactly(new Endpoint("localhost", 5432, false));
        assertThat(JdbcUrl.parse("jdbc:mysql://user:pw@db:3306/datomic").endpoints())
                .containsExactly(new Endpoint("db", 3306, true));
    }

    @Test
    void devUrisNameTheTransactorAndOtherStoragesAreNotChecked() {
        assertThat(DatomicUri.parse("datomic:dev://app-transactor:4334/users").transactor())
                .containsExactly(new Endpoint("app-transactor", 4334, true));
        assertThat(DatomicUri.parse("datomic:mem://users").storage()).isEmpty();
        DatomicUri ddb = DatomicUri.parse("datomic:ddb://us-east-1/table/users");
        assertThat(ddb.storage()).isEmpty();
        assertThat(ddb.transactor()).isEmpty();
    }

    @Test
    void placeholdersAreRecognisedAndLeaveThePortUnknown() {
        Endpoint endpoint = Endpoint.parse("${DB_HOST}:$DB_PORT", 5432);

        assertThat(endpoint.hostIsPlaceholder()).isTrue();
        assertThat(endpoint.port()).isNull();
    }

    @Test
    void malformedUrisSayWhatIsWrongWithoutRepeatingThem() {
        String secret = "hunter2";
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatomicUri.parse("datomic:sql://users?postgresql://db:5432/x?password=" + secret))
                .withMessageContaining("JDBC URL").withMessageNotContaining(secret);
        assertThatIllegalArgumentException().isThrownBy(() -> DatomicUri.parse("datomic:sql://users"))
                .withMessageContaining("after the first '?'");
        assertThatIllegalArgumentException().isThrownBy(() -> DatomicUri.parse("datomic:sql://?jdbc:postgresql://db/x"))
                .withMessageContaining("NAME");
        assertThatIllegalArgumentException().isThrownBy(() -> DatomicUri.parse("postgres://db"))
                .withMessageContaining("starts with datomic:");
        assertThatIllegalArgumentException().isThrownBy(() -> DatomicUri.parse("datomic:dev://host:4334"))
                .withMessageContaining("host:port/NAME");
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://db:54x2/datomic"))
                .withMessageContaining("\"54x2\" is not a port number");
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrl.parse("jdbc:postgresql:///datomic"))
                .withMessageContaining("names no host");
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("::1:5432", null))
                .withMessageContaining("brackets");
    }

    @Test
    void redactionHidesEveryFormOfPassword() {
        assertThat(redact("jdbc:postgresql://db:5432/x?user=u&password=p4ss&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/x?user=u&password=***&ssl=true");
        assertThat(redact("-Ddatomic.memcachedServers=m:11211 -Ddatomic.memcachedPassword=p4ss -Xmx1g"))
                .isEqualTo("-Ddatomic.memcachedServers=m:11211 -Ddatomic.memcachedPassword=*** -Xmx1g");
        assertThat(redact("jdbc:mysql://user:p4ss@db:3306/x")).isEqualTo("jdbc:mysql://user:***@db:3306/x");
        assertThat(redact("sql-password=p4ss")).isEqualTo("sql-password=***");
        assertThat(redact("no secrets here: users-service-db:5432")).isEqualTo("no secrets here: users-service-db:5432");
    }

    /**
     * The bug the reliability suite found in core's DatomicUri, present here too: a password
     * holding an unencoded '/', '?' or '@' cut the URL short, so a piece of it was read as a port
     * ({@code "pa" is not a port number}), the redaction missed it, and a dev URI with user info
     * was quoted whole in the error.
     */
    @Test
    void noPieceOfAPasswordIsQuotedWhenAUrlIsDamaged() {
        for (String url : new String[] {
            "datomic:sql://users?jdbc:mysql://datomic:pa/hunter2@db:3306/datomic",
            "datomic:sql://users?jdbc:postgresql://u:99999?hunter2@db/datomic",
            "datomic:dev://u:hunter2@host:4334/app",
        }) {
            assertThatIllegalArgumentException().isThrownBy(() -> DatomicUri.parse(url))
                    .withMessageContaining("without showing part of a password")
                    .withMessageNotContaining("unter").withMessageNotContaining("\"pa\"").withMessageNotContaining("99999");
            assertThat(redact(url)).doesNotContain("unter").doesNotContain("pa/").doesNotContain("99999");
        }
        assertThat(redact("jdbc:mysql://u:p@ss/w?rd@db:3306/x")).isEqualTo("jdbc:mysql://u:***@db:3306/x");
        // Found by the reliability suite (MalformedDeployFilesTest, seed 14): a stray '@' before the user name.
        assertThat(redact("jdbc:postgresql://@datomic:hunter2/x@db:5432/datomic"))
                .isEqualTo("jdbc:postgresql://@datomic:***@db:5432/datomic");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://@datomic:hunter2/x@db:5432/datomic"))
                .withMessageNotContaining("unter");
        assertThat(redact("jdbc:oracle:thin:scott/hunter2@ora:1521:orcl")).isEqualTo("jdbc:oracle:thin:scott/***@ora:1521:orcl");
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://db:54x2/datomic?password=p"))
                .withMessage("\"54x2\" is not a port number (1-65535)");
    }

    /**
     * Found by the reliability suite (MalformedDeployFilesTest, a password starting with '@'): the
     * host was read from inside the password, {@code bVxMA} of {@code :@bVxMA/3L2kByV@}, and a
     * hostname finding named it. A host the redacted URL does not show is no host to name.
     */
    @Test
    void aHostReadFromInsideAPasswordIsNotNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcUrl.parse("jdbc:mysql://datomic:@bVxMA/3L2kByV@users-service-db:3306/datomic"))
                .withMessage("its host and port cannot be read without showing part of a password (percent-encode '/',"
                        + " '?', '@' and ':' in passwords)");
        assertThat(JdbcUrl.parse("jdbc:mysql://datomic:s3cret@users-service-db:3306/datomic").endpoints())
                .containsExactly(new Endpoint("users-service-db", 3306, true));
    }
}
