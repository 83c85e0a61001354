package dev.datomickit.deploycheck;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kamal's secrets files ({@code .kamal/secrets}, {@code .kamal/secrets-common},
 * {@code .kamal/secrets.<destination>}), read with the dotenv rules Kamal uses: {@code KEY=value},
 * optional {@code export}, single quotes literal, double quotes with escapes, {@code # comments}.
 *
 * <p>{@code $NAME} and {@code ${NAME}} are replaced by a key defined earlier in the files; any
 * other variable (the deployer's environment) and every {@code $(command)} stay as written, so the
 * checker never sees a real secret it was not handed, and treats those parts as unknown.
 */
final class DotEnv {

    /** A value and where it was defined. */
    record Entry(String value, Path file, int line) {}

    private DotEnv() {}

    /**
     * The most characters all values together may expand to through {@code $NAME} references: a
     * value that repeats an earlier one ten times, line after line, would otherwise grow tenfold
     * per line.
     */
    static final int EXPANSION_LIMIT = InputFiles.LIMIT;

    /**
     * Reads the files in order, later keys overriding earlier ones; missing files are skipped.
     *
     * @throws InputException if a file is not a regular file of at most 1 MiB of UTF-8 text, a line
     *     is malformed (its content is not shown), or the values expand beyond
     *     {@link #EXPANSION_LIMIT}
     */
    static Map<String, Entry> read(List<Path> files, Path base) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        long[] expanded = {0};
        for (Path file : files) {
            String shown = Paths.display(file, base);
            InputFiles.readIfPresent(file, shown, StandardCharsets.UTF_8)
                    .ifPresent(text -> new Parser(text, file, base, entries, expanded).parse());
        }
        return entries;
    }

    private static final class Parser {
        private final String text;
        private final Path file;
        private final Path base;
        private final Map<String, Entry> entries;
        private final long[] expanded;
        private int at;
        private int line = 1;

        Parser(String text, Path file, Path base, Map<String, Entry> entries, long[] expanded) {
            this.text = text;
            this.file = file;
            this.base = base;
            this.entries = entries;
            this.expanded = expanded;
        }

        void parse() {
            while (at < text.length()) {
                skipBlanks();
                if (at >= text.length()) {
                    return;
                }
                if (peek() == '#' || peek() == '\n') {
                    skipLine();
                    continue;
                }
                int keyLine = line;
                String key = key();
                String value = value(keyLine);
                expanded[0] += value.length();
                if (expanded[0] > EXPANSION_LIMIT) {
                    throw error(keyLine, key + " takes the values past " + InputFiles.LIMIT_TEXT + " once $NAME references"
                            + " are replaced; a secrets file holds a few short values");
                }
                entries.put(key, new Entry(value, file, keyLine));
            }
        }

        private String key() {
            if (text.startsWith("export ", at)) {
                at += "export ".length();
                skipBlanks();
            }
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.')) {
                at++;
            }
            String key = text.substring(start, at);
            skipBlanks();
            if (key.isEmpty() || at >= text.length() || (peek() != '=' && peek() != ':')) {
                throw error(line, "expected KEY=value"); // the line itself may hold a secret: not quoted
            }
            at++;
            skipBlanks();
            return key;
        }

        private String value(int keyLine) {
            if (at >= text.length() || peek() == '\n') {
                return "";
            }
            char quote = peek();
            if (quote == '\'' || quote == '"') {
                at++;
                StringBuilder raw = new StringBuilder();
                while (at < text.length() && peek() != quote) {
                    char c = next();
                    if (c == '\\' && quote == '"' && at < text.length()) {
                        char escaped = next();
                        raw.append(escaped == 'n' ? "\n" : escaped == '$' ? "\\$" : String.valueOf(escaped));
                    } else {
                        raw.append(c);
                    }
                }
                if (at >= text.length()) {
                    throw error(keyLine, "the quoted value is never closed with " + quote);
                }
                at++;
                skipLine();
                return quote == '\'' ? raw.toString() : substitute(raw.toString());
            }
            int start = at;
            while (at < text.length() && peek() != '\n' && !(peek() == '#' && Character.isWhitespace(text.charAt(at - 1)))) {
                at++;
            }
            String raw = text.substring(start, at).strip();
            skipLine();
            return substitute(raw);
        }

        /** {@code $NAME} / {@code ${NAME}} from earlier keys; anything unknown stays as written. */
        private String substitute(String raw) {
            StringBuilder out = new StringBuilder();
            int close = -2; // the next '}': not looked for yet; -1 once there is none (so each '${' is not a search to the end)
            for (int i = 0; i < raw.length(); i++) {
                if (out.length() > EXPANSION_LIMIT) {
                    return out.toString(); // past the limit, which the caller reports
                }
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length() && raw.charAt(i + 1) == '$') {
                    out.append('$');
                    i++;
                } else if (c == '$' && i + 1 < raw.length() && raw.charAt(i + 1) == '{'
                        && (close = close == -1 || close > i ? close : raw.indexOf('}', i)) > 0) {
                    out.append(lookup(raw.substring(i + 2, close), raw.substring(i, close + 1)));
                    i = close;
                } else if (c == '$' && i + 1 < raw.length() && (Character.isLetter(raw.charAt(i + 1)) || raw.charAt(i + 1) == '_')) {
                    int end = i + 1;
                    while (end < raw.length() && (Character.isLetterOrDigit(raw.charAt(end)) || raw.charAt(end) == '_')) {
                        end++;
                    }
                    out.append(lookup(raw.substring(i + 1, end), "${" + raw.substring(i + 1, end) + "}"));
                    i = end - 1;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private String lookup(String name, String unresolved) {
            Entry entry = entries.get(name);
            return entry == null ? unresolved : entry.value();
        }

        private void skipBlanks() {
            while (at < text.length() && (peek() == ' ' || peek() == '\t' || peek() == '\r')) {
                at++;
            }
        }

        private void skipLine() {
            while (at < text.length() && peek() != '\n') {
                at++;
            }
            if (at < text.length()) {
                next();
            }
        }

        private char peek() {
            return text.charAt(at);
        }

        private char next() {
            char c = text.charAt(at++);
            if (c == '\n') {
                line++;
            }
            return c;
        }

        private InputException error(int where, String what) {
            return new InputException(Paths.display(file, base) + ":" + where + ": " + what);
        }
    }
}
