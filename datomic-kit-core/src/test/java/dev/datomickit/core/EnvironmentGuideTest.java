package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import datomic.Connection;
import datomic.Util;
import dev.datomickit.core.env.DatomicUri;
import dev.datomickit.core.env.Environment;
import dev.datomickit.core.env.StoragePreflight;
import dev.datomickit.core.env.StorageUnreachableException;
import dev.datomickit.core.testmodel.Blog;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The environment, URI and preflight examples of {@code docs/core.md}. */
class EnvironmentGuideTest {

    static final TxSource SCHEMA = () -> (List<?>) Util.read(Blog.SCHEMA);
    static final TxSource FIXTURES = Blog::fixtures;

    @Test
    void environments() {
        assumeThat(System.getenv("DATOMIC_ENV")).as("DATOMIC_ENV is set on this machine").isNull();
        assumeThat(System.getenv("DATOMIC_URI")).as("DATOMIC_URI is set on this machine").isNull();
        // snippet:environment
        Environment env = Environment.builder()
                .local(SCHEMA, FIXTURES)     // what the in-memory database of `local` starts with
                .resolve();                  // DATOMIC_ENV and DATOMIC_URI; -Ddatomic.env=… wins
        Connection conn = env.connect();     // here: local, a new in-memory database with the fixtures
        // end-snippet:environment
        assertThat(env.kind()).isEqualTo(Environment.Kind.LOCAL);
        assertThat(Entities.find(conn.db(), "user/id", Blog.ALICE)).isPresent();
    }

    @Test
    void uris() {
        // snippet:uri
        DatomicUri uri = DatomicUri.parse(
                "datomic:sql://app?jdbc:postgresql://app-postgres:5432/datomic?user=datomic&password=s3cret");
        uri.storage();                           // SQL
        uri.host();                              // Optional[app-postgres], port() OptionalInt[5432]
        String shown = uri.toString();           // …/datomic?user=datomic&password=***
        String forThePeer = uri.connectionString(); // the only method that returns the password
        // end-snippet:uri
        assertThat(uri.storage()).isEqualTo(DatomicUri.Storage.SQL);
        assertThat(uri.host()).isEqualTo(Optional.of("app-postgres"));
        assertThat(shown).endsWith("password=***");
        assertThat(forThePeer).endsWith("password=s3cret");
    }

    @Test
    void preflight() {
        String message = null;
        // snippet:preflight
        DatomicUri uri = DatomicUri.parse(
                "datomic:sql://app?jdbc:postgresql://app-postgres.invalid:5432/datomic?user=datomic&password=s3cret");
        try {
            StoragePreflight.check(uri);     // Environment.connect() runs it before Peer.connect
        } catch (StorageUnreachableException e) {
            message = e.getMessage();
            // Cannot reach the PostgreSQL storage of datomic:sql://app?…&password=***: host
            // "app-postgres.invalid" does not resolve. Advice: this process runs in a container: reach
            // another container (a Kamal accessory, a compose service) by its container name, such as
            // app-postgres, on a Docker network both containers share, and on the container port
            // (5432); a host port mapping (-p HOST:CONTAINER) applies only on the host.
        }
        // end-snippet:preflight
        assertThat(message).contains("host \"app-postgres.invalid\" does not resolve").doesNotContain("s3cret");
    }
}
