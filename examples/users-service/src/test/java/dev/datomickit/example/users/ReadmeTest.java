package dev.datomickit.example.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README quotes a handler of main code, which DocSnippetsTest (test sources only) cannot
 * check: this test keeps the quote true.
 */
class ReadmeTest {

    @Test
    void theQuotedHandlerLinesAreInRoutes() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int start = readme.indexOf("apply domain logic, lay out the result. [`Routes`](src/main/java/dev/datomickit/example/users/Routes.java):");
        assertThat(start).as("the sentence introducing the quote").isNotNegative();
        assertThat(readme.get(start + 2)).isEqualTo("```");
        List<String> rest = readme.subList(start + 3, readme.size());
        List<String> quote = rest.subList(0, rest.indexOf("```"));
        String routes = Files.readString(Path.of("src/main/java/dev/datomickit/example/users/Routes.java"));

        assertThat(quote).hasSize(4).allSatisfy(line -> assertThat(routes).contains("\n        " + line + "\n"));
    }
}
