package dev.datomickit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a measurement program in a JVM of its own, as JMH runs each benchmark in a fork: a known
 * heap, nothing loaded or compiled by an earlier measurement. The program prints its results as
 * lines {@code @result key=value key=value ...}; everything else it prints is passed through.
 */
final class ChildJvm {

    static final String RESULT = "@result ";

    private ChildJvm() {}

    /**
     * Runs {@code main} with this JVM's class path and returns its result lines, parsed.
     *
     * @throws IllegalStateException if the program exits with a non-zero status
     */
    static List<Map<String, String>> run(Class<?> main, List<String> jvmArgs, List<String> args, PrintStream echo) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        List<Map<String, String>> results = new ArrayList<>();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(RESULT)) {
                        results.add(parse(line));
                    } else {
                        echo.println(line);
                    }
                }
            }
            int status = process.waitFor();
            if (status != 0) {
                throw new IllegalStateException(main.getSimpleName() + " " + String.join(" ", args) + " exited with status "
                        + status + "; its output is above");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + main.getSimpleName() + " ran", e);
        }
        return results;
    }

    /** The line a program prints for one result. */
    static String format(Map<String, ?> result) {
        StringBuilder line = new StringBuilder(RESULT.strip());
        result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }

    static Map<String, String> parse(String line) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String field : line.substring(RESULT.length()).trim().split(" +")) {
            int equals = field.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("Malformed result field \"" + field + "\" in: " + line);
            }
            result.put(field.substring(0, equals), field.substring(equals + 1));
        }
        return result;
    }
}
