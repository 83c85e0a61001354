package dev.datomickit.example.users;

import datomic.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the endpoint tests: each test gets the real service, started on its own fork of the
 * users database, and stopped after it.
 */
@UsersDatabase
abstract class ServiceTest {

    RunningService running;

    @BeforeEach
    void startTheService(Connection conn) {
        running = RunningService.start(conn);
    }

    @AfterEach
    void stopTheService() {
        running.close();
    }
}
