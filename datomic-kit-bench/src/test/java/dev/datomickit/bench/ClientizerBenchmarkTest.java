package dev.datomickit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark compares equal work: every variant writes the same JSON, without the password hash. */
class ClientizerBenchmarkTest {

    @Test
    void allVariantsWriteTheSameJson() throws Exception {
        ClientizerBenchmark benchmark = new ClientizerBenchmark();
        benchmark.setUp();

        String library = benchmark.clientizer();

        assertThat(benchmark.ids).hasSize(ClientizerBenchmark.COMMENTS);
        assertThat(benchmark.handWrittenPullLoop()).isEqualTo(library);
        assertThat(benchmark.handWrittenPullMany()).isEqualTo(library);
        assertThat(library).startsWith("[{\"id\":\"00000000-0000-0003-0000-000000000000\",\"content\":\"Comment number 0")
                .contains("\"createdAt\":\"2024-01-01T00:00:00Z\",\"status\":\"hidden\"")
                .contains("\"author\":{\"id\":\"00000000-0000-0001-0000-000000000000\",\"name\":\"User 0\"}")
                .doesNotContain("$2a$12$");
    }
}
