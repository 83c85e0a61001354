package dev.datomickit.deploycheck;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Datomic transactor properties file, read with {@code java.util.Properties} syntax (comments,
 * {@code =}, {@code :} or blank separators, backslash continuations and escapes) while keeping the
 * line of each key, so findings can point at it.
 *
 * <p>Stricter than {@code Properties} in two ways that catch real mistakes: a key set twice (the
 * transactor would silently use the last value) and a malformed {@code \}{@code uXXXX} escape are
 * errors.
 */
final class TransactorProperties {

    /** A value and the line its key is on. */
    record Entry(String value, int line) {}

    private final Path file;
    private final Map<String, Entry> entries;

    private TransactorProperties(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    static TransactorProperties read(Path file, Path base) {
        String shown = Paths.display(file, base);
        // ISO 8859-1 is the encoding Properties.load uses; a regular file of at most 1 MiB.
        List<String> lines = InputFiles.read(file, shown, StandardCharsets.ISO_8859_1).lines().toList();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int first = i + 1;
            StringBuilder logical = new StringBuilder(lines.get(i).stripLeading());
            if (logical.length() == 0 || logical.charAt(0) == '#' || logical.charAt(0) == '!') {
                continue;
            }
            while (endsWithContinuation(logical) && i + 1 < lines.size()) {
                logical.setLength(logical.length() - 1);
                logical.append(lines.get(++i).stripLeading());
            }
            String[] pair = split(logical.toString(), shown, first);
            Entry previous = entries.get(pair[0]);
            if (previous != null) {
                throw new InputException(shown + ":" + first + ": " + pair[0] + " is already set on line " + previous.line()
                        + "; the transactor would silently use only the last value, so keep one");
            }
            entries.put(pair[0], new Entry(pair[1], first));
        }
        return new TransactorProperties(file, entries);
    }

    Path file() {
        return file;
    }

    Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    boolean looksLikeTransactorConfig() {
        return entries.containsKey("protocol") || entries.containsKey("host") || entries.containsKey("sql-url");
    }

    private static boolean endsWithContinuation(CharSequence line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String[] split(String line, String shown, int number) {
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            }
            i++;
        }
        String key = unescape(line.substring(0, Math.min(i, line.length())), shown, number);
        int j = i;
        while (j < line.length() && Character.isWhitespace(line.charAt(j))) {
            j++;
        }
        if (j < line.length() && (line.charAt(j) == '=' || line.charAt(j) == ':')) {
            j++;
        }
        while (j < line.length() && Character.isWhitespace(line.charAt(j))) {
            j++;
        }
        return new String[] {key, unescape(line.substring(Math.min(j, line.length())), shown, number)};
    }

    private static String unescape(String text, String shown, int number) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char escaped = text.charAt(++i);
            switch (escaped) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    String hex = text.substring(i + 1, Math.min(i + 5, text.length()));
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw new InputException(shown + ":" + number
                                + ": malformed \\uXXXX escape (expected four hex digits after \\u)");
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    i += 4;
                }
                default -> out.append(escaped);
            }
        }
        return out.toString();
    }
}
