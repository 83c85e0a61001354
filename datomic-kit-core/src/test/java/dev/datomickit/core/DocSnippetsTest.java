package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Markdown docs of the whole repository honest: every {@code ```java} block must be
 * preceded by {@code <!-- snippet: path/to/SomeTest.java#name -->} and must equal the region
 * between {@code // snippet:name} and {@code // end-snippet:name} in that compiled test source.
 *
 * <p>It lives in core because core is built first; it reads text only, so it needs no dependency
 * on the other modules.
 */
class DocSnippetsTest {

    private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(\\S+)#(\\S+)\\s*-->");

    @Test
    void everyJavaBlockInTheDocsMatchesACompiledTestSource() throws IOException {
        Path root = repositoryRoot();
        List<Path> docs = markdownFiles(root);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```java")) {
                    continue;
                }
                String where = root.relativize(doc) + ":" + (i + 1);
                int end = closingFence(lines, i);
                List<String> block = lines.subList(i + 1, end);
                Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
                if (marker == null || !marker.find()) {
                    problems.add(where + ": java block without a <!-- snippet: path#name --> line above it");
                } else {
                    problems.addAll(compare(root, where, marker.group(1), marker.group(2), block));
                    checked++;
                }
                i = end;
            }
        }
        assertThat(problems).as("doc snippets out of date (%d checked)", checked).isEmpty();
        assertThat(checked).as("java blocks checked in %s", docs).isPositive();
    }

    private static List<String> compare(Path root, String where, String file, String name, List<String> block) {
        if (!file.contains("/src/test/java/")) {
            return List.of(where + ": snippet source " + file + " is not a test source, so it is not compiled by the tests");
        }
        Path source = root.resolve(file);
        if (!Files.isRegularFile(source)) {
            return List.of(where + ": snippet source " + file + " does not exist");
        }
        List<String> region = region(source, name);
        if (region == null) {
            return List.of(where + ": " + file + " has no region // snippet:" + name + " … // end-snippet:" + name);
        }
        List<String> shown = block.stream().map(String::stripTrailing).toList();
        if (!shown.equals(region)) {
            return List.of(where + ": block differs from " + file + "#" + name + "\n--- doc:\n" + String.join("\n", shown)
                    + "\n--- source:\n" + String.join("\n", region));
        }
        return List.of();
    }

    /** The lines between the markers, with their common indentation removed. */
    private static List<String> region(Path source, String name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("// snippet:" + name)) {
                start = i + 1;
            } else if (line.equals("// end-snippet:" + name) && start >= 0) {
                List<String> region = lines.subList(start, i);
                int indent = region.stream().filter(l -> !l.isBlank())
                        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
                return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
            }
        }
        return null;
    }

    private static int closingFence(List<String> lines, int open) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).strip().equals("```")) {
                return j;
            }
        }
        return lines.size();
    }

    private static List<Path> markdownFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> root.relativize(p).toString().split("/").length <= 4)
                    .filter(p -> !root.relativize(p).toString().contains("target/"))
                    .filter(p -> !root.relativize(p).startsWith(".git"))
                    .sorted().toList();
        }
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".ci/run"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (a folder with .ci/run) above " + Path.of("").toAbsolutePath());
    }
}
