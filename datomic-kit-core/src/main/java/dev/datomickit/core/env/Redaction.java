package dev.datomickit.core.env;

import java.util.Arrays;
import java.util.Locale;

/**
 * Finds secrets by the structure of the text that holds them, in one pass whose time is linear in
 * the length of the text, and masks them with {@code ***}. Nothing here replaces a known password
 * wherever it occurs: a value is masked because of where it stands (after {@code password=},
 * between {@code user:} and {@code @host}), never because of what it looks like.
 *
 * <p>What is recognised, and where each secret ends:
 * <ul>
 *   <li>A <b>secret parameter</b>: a name containing {@code password}, {@code passwd},
 *       {@code passphrase}, {@code pwd}, {@code secret}, {@code token}, {@code credential},
 *       {@code apikey}, {@code api_key}, {@code api-key}, {@code privatekey} or
 *       {@code private_key}, in any case and with anything around it ({@code password1},
 *       {@code sslpassword}, {@code aws_secret_key}, {@code -Ddatomic.memcachedPassword}),
 *       followed by {@code =}. Its value ends, in SQL Server's {@code jdbc:sqlserver://host;…}
 *       property list, at {@code ;}, unless the value is in braces ({@code {a;b}}}c}, where
 *       {@code }}} is an escaped {@code }}); in a URL's query (after {@code ?}) and outside
 *       URLs, at {@code &}; in a URL's {@code ;} list before its query (H2's, or a mistyped SQL
 *       Server URL's), where a value may hold {@code &}, only before another secret parameter.
 *       Everywhere but SQL Server's list, a {@code ;} ends a value only before another secret
 *       parameter ({@code token=a;pwd=b}): PostgreSQL allows {@code ;} in a value.</li>
 *   <li><b>User info</b> after {@code ://}: from the first {@code :} to the last {@code @}
 *       before the query ({@code ?name=}), the next URL or the end: a password holding an
 *       unencoded {@code /}, {@code ?} or {@code @} is masked whole, at the cost of masking a
 *       path that holds an {@code @}.</li>
 *   <li>Oracle's {@code jdbc:oracle:DRIVER:user/password@…}: the password, in double quotes
 *       (which may hold {@code @} and blanks) or up to the last {@code @}; a {@code /"…"@}
 *       anywhere is taken for such a quoted password.</li>
 *   <li>Any other {@code @} (a URL too damaged for the forms above, such as
 *       {@code jdbc:mysql:/root:pw@db} or {@code jdbc:orcle:thin:scott/pw@db}): what stands
 *       before it, from the start of the word (or of a parameter's value), is masked after its
 *       first {@code /}, or else after its first {@code :}; a word with neither is masked whole,
 *       a parameter's value with neither ({@code user=app@tenant}) is left alone.</li>
 * </ul>
 *
 * <p>Two readings. A <em>connection string</em> ({@link #uri}) is one URI: blanks are ordinary
 * characters. <em>Free text</em> ({@link #text}), such as an exception message or a finding, may
 * quote several: there, a blank ends a word and an unquoted value (except in a URL's {@code ;}
 * list before its query, SQL Server's among them, whose values may hold blanks and end at
 * {@code ;} or the end of the line), and three more forms are recognised:
 * <ul>
 *   <li>a properties, dotenv or YAML line whose key is secret ({@code sql-password=…},
 *       {@code export DB_PASSWORD="…"}, {@code token: …}): the value runs to the end of the
 *       line, or, when quoted, to the closing quote on that line (to the end of the text when
 *       there is none);</li>
 *   <li>an EDN keyword ({@code {:password "…"}}) and a JSON key ({@code "password": "…"});</li>
 *   <li>a value that starts with a quote ({@code -Dx.password='a b'}) runs to the matching quote
 *       (in double quotes a backslash escapes), then on to the value's end; an unclosed quote
 *       masks the rest of the text. (A quote or bracket that closes around a value, as in
 *       {@code (password=…)}, is masked with it: a password may hold it.)</li>
 * </ul>
 * Where a value is exactly one quoted or braced part, only its inside is masked
 * ({@code :password "***"}).
 */
final class Redaction {

    static final String MASK = "***";

    private static final String[] SECRET_WORDS = {
        "password", "passwd", "passphrase", "pwd", "secret", "token", "credential",
        "apikey", "api_key", "api-key", "privatekey", "private_key",
    };

    private Redaction() {}

    /**
     * Redacts a connection string, well-formed or not.
     *
     * @return the text with every secret masked; {@code "null"} for {@code null}
     */
    static String uri(String uri) {
        if (uri == null) {
            return "null";
        }
        return mask(uri, spans(uri, false));
    }

    /**
     * Redacts free text that may quote connection strings, properties lines, JVM flags, EDN or
     * JSON.
     *
     * @return the text with every secret masked; {@code null} for {@code null}
     */
    static String text(String text) {
        if (text == null) {
            return null;
        }
        return mask(text, spans(text, true));
    }

    /**
     * Where the secrets are: sorted, disjoint {@code [start, end)} pairs, flattened.
     *
     * @param freeText whether {@code text} is free text rather than one connection string
     */
    static int[] spans(String text, boolean freeText) {
        Scanner scanner = new Scanner(text, freeText);
        scanner.run();
        return scanner.spans();
    }

    /** Whether {@code [from, to)} of the text whose secrets are {@code spans} touches a secret. */
    static boolean overlaps(int[] spans, int from, int to) {
        for (int k = 0; k < spans.length; k += 2) {
            if (spans[k] < to && from < spans[k + 1]) {
                return true;
            }
        }
        return false;
    }

    static String mask(String text, int[] spans) {
        if (spans.length == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int k = 0; k < spans.length; k += 2) {
            out.append(text, at, spans[k]).append(MASK);
            at = spans[k + 1];
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Whether the name at {@code [from, to)} contains a secret word, in any case; without allocating. */
    static boolean isSecretName(String text, int from, int to) {
        for (int k = from; k + 3 <= to; k++) {
            char c = Character.toLowerCase(text.charAt(k));
            if (c == 'p' || c == 's' || c == 't' || c == 'c' || c == 'a') {
                for (String word : SECRET_WORDS) {
                    if (word.charAt(0) == c && k + word.length() <= to && text.regionMatches(true, k, word, 0, word.length())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Characters of a parameter or key name: {@code sql-password}, {@code datomic.memcachedPassword}. */
    static boolean isNameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
    }

    /**
     * The single pass. The main loop reads each character once; when it meets the start of a
     * secret it finds the end with a forward scan and continues after it, and the few look-aheads
     * (user info, credentials before an {@code @}, a name after {@code ;}) cover disjoint stretches
     * or are bounded by a name, so that every character is read a bounded number of times.
     */
    private static final class Scanner {

        /**
         * How a secret parameter's value is quoted and where, unquoted, it ends. Outside SQL
         * Server's list a {@code ;} ends a value only before another secret parameter
         * ({@code token=a;pwd=b}): PostgreSQL allows {@code ;} in a value, and a URL that lost
         * its {@code ?} or {@code ://} must not cut a password short.
         */
        private enum Context {
            /** In a URL's query: at {@code &}; double quotes quote. */
            QUERY,
            /**
             * In a URL before its query ({@code jdbc:h2:…;password=…}, or a mistyped SQL Server
             * URL): only before another secret parameter, as a value there may hold {@code &} or,
             * in free text, blanks (to the end of the line); braces quote, as in SQL Server.
             */
            PATH,
            /** In SQL Server's property list: at {@code ;}; braces quote. */
            SQL_SERVER,
            /** Anywhere else: at {@code &}; double quotes and braces quote, and in free text single quotes. */
            PLAIN,
            /** An EDN or JSON value: at {@code ,}, {@code }}, {@code ]} or {@code )}. */
            DATA,
        }

        private static final int NO_URL = 0;
        private static final int GENERIC_URL = 1;
        private static final int SQL_SERVER_URL = 2;

        private final String s;
        private final int n;
        private final boolean free;
        private int[] out = new int[8];
        private int count;

        private int url = NO_URL;
        /** Whether this URL's query has begun ({@code ?}). */
        private boolean query;
        /** Where credentials before an {@code @} would start: the word, or a parameter's value. */
        private int segment;
        /** Whether {@link #segment} is the value of a {@code name=} parameter. */
        private boolean parameterValue;
        /** The first '/' and ':' the loop met in the segment, or -1. */
        private int firstSlash = -1;
        private int firstColon = -1;
        /** Every {@code @} up to here has been dealt with. */
        private int claimedUntil = -1;
        /** Whether only blanks precede {@code i} on its line (free text). */
        private boolean lineStart = true;
        /** Where the current line's first word starts, and where the current word starts (free text). */
        private int lineWord;
        private int word;

        Scanner(String s, boolean free) {
            this.s = s;
            this.n = s.length();
            this.free = free;
        }

        int[] spans() {
            long[] packed = new long[count / 2];
            for (int a = 0; a < count; a += 2) {
                packed[a / 2] = ((long) out[a] << 32) | out[a + 1];
            }
            Arrays.sort(packed);
            int[] pairs = new int[count];
            int merged = 0;
            for (long span : packed) {
                int start = (int) (span >>> 32);
                int end = (int) span;
                if (merged > 0 && start <= pairs[merged - 1]) {
                    pairs[merged - 1] = Math.max(pairs[merged - 1], end);
                } else {
                    pairs[merged] = start;
                    pairs[merged + 1] = end;
                    merged += 2;
                }
            }
            return Arrays.copyOf(pairs, merged);
        }

        private void add(int start, int end) {
            if (end <= start) {
                return;
            }
            if (count == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[count++] = start;
            out[count++] = end;
        }

        void run() {
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '/' && firstSlash < 0) {
                    firstSlash = i;
                } else if (c == ':' && firstColon < 0) {
                    firstColon = i;
                }
                if (free && Character.isWhitespace(c)) {
                    endWord(i + 1);
                    word = i + 1;
                    if (c == '\n' || c == '\r') {
                        lineStart = true;
                    }
                    i++;
                    continue;
                }
                if (free && lineStart) {
                    lineStart = false;
                    lineWord = i;
                    int next = propertiesLine(i);
                    if (next >= 0) {
                        i = next;
                        continue;
                    }
                }
                switch (c) {
                    case '=' -> {
                        int next = parameter(i);
                        if (next >= 0) {
                            i = next;
                            continue;
                        }
                    }
                    case ':' -> {
                        int next = colon(i);
                        if (next >= 0) {
                            i = next;
                            continue;
                        }
                    }
                    case '@' -> {
                        if (i > claimedUntil) {
                            credentialsBefore(i);
                        }
                    }
                    case '"' -> {
                        int next = quotedPassword(i);
                        if (next >= 0) {
                            i = next;
                            continue;
                        }
                    }
                    // A parameter starts a new stretch for credentials before an '@'; a '?', '&' or ';'
                    // followed by anything else may be part of a password.
                    case '?' -> {
                        if (url == GENERIC_URL) {
                            query = true;
                        }
                        if (nameThenEquals(i + 1)) {
                            newSegment(i + 1);
                        }
                    }
                    case '&' -> {
                        if (url == GENERIC_URL && query && nameThenEquals(i + 1)) {
                            newSegment(i + 1);
                        }
                    }
                    case ';' -> {
                        if (url == SQL_SERVER_URL && nameThenEquals(i + 1)) {
                            newSegment(i + 1);
                        }
                    }
                    default -> { }
                }
                i++;
            }
        }

        private void endWord(int next) {
            url = NO_URL;
            query = false;
            newSegment(next);
        }

        private void newSegment(int start) {
            segment = start;
            parameterValue = false;
            firstSlash = -1;
            firstColon = -1;
        }

        // ---- name=value ------------------------------------------------------------------------

        /** At an {@code =}: a secret parameter's value is masked; returns where to continue, or -1. */
        private int parameter(int at) {
            int start = at;
            while (start > 0 && isNameChar(s.charAt(start - 1))) {
                start--;
            }
            if (start == at) {
                return -1;
            }
            if (!isSecretName(s, start, at)) {
                if (start == segment) { // user=app@tenant: an '@' in a value is not user info
                    newSegment(at + 1);
                    parameterValue = true;
                }
                return -1;
            }
            if (free && url == NO_URL && word == lineWord && !isJvmFlag(word)) {
                return lineValue(at + 1); // the line's first word: a properties line, damaged before its key
            }
            // After ';' the key is in a ';' list (SQL Server, H2, a mistyped URL), where '&' may be part of a value.
            Context context = url == SQL_SERVER_URL ? Context.SQL_SERVER
                    : url == GENERIC_URL ? (query && s.charAt(start - 1) != ';' ? Context.QUERY : Context.PATH)
                    : Context.PLAIN;
            return value(at + 1, context);
        }

        /**
         * Masks the value starting at {@code start} and returns where it ends. A value that starts
         * with a quote (or, in SQL Server's list, a brace) runs to the matching one, then on to
         * the value's end.
         */
        private int value(int start, Context context) {
            int at = start;
            if (at < n && opensQuote(s.charAt(at), context)) {
                int close = closingQuote(at);
                if (close < 0) {
                    add(at + 1, n);
                    return n;
                }
                if (close + 1 == n || ends(close + 1, context)) {
                    add(at + 1, close);
                    return close + 1;
                }
                at = close + 1;
            }
            while (at < n && !ends(at, context)) {
                at++;
            }
            add(start, at);
            return at;
        }

        private boolean opensQuote(char c, Context context) {
            return switch (context) {
                case QUERY, DATA -> c == '"';
                case SQL_SERVER -> c == '{';
                case PATH -> c == '"' || c == '{';
                case PLAIN -> c == '"' || c == '{' || (free && c == '\'');
            };
        }

        /** The index of the quote or brace that closes the one at {@code open}, or -1. */
        private int closingQuote(int open) {
            char quote = s.charAt(open);
            if (quote == '{') {
                for (int k = open + 1; k < n; k++) {
                    if (s.charAt(k) == '}') {
                        if (k + 1 < n && s.charAt(k + 1) == '}') {
                            k++; // }} is an escaped }
                        } else {
                            return k;
                        }
                    }
                }
                return -1;
            }
            for (int k = open + 1; k < n; k++) {
                char c = s.charAt(k);
                if (c == '\\' && quote == '"') {
                    k++;
                } else if (c == quote) {
                    return k;
                }
            }
            return -1;
        }

        private boolean ends(int at, Context context) {
            char c = s.charAt(at);
            if (free) {
                if (c == '\n' || c == '\r') {
                    return true;
                }
                if (context != Context.SQL_SERVER && context != Context.PATH && Character.isWhitespace(c)) {
                    return true;
                }
            }
            return switch (context) {
                case QUERY, PLAIN -> c == '&' || c == ';' && secretParameterAt(at + 1);
                case PATH -> (c == '&' || c == ';') && secretParameterAt(at + 1);
                case SQL_SERVER -> c == ';';
                case DATA -> c == ',' || c == '}' || c == ']' || c == ')';
            };
        }

        // ---- ':' : URLs, user info, Oracle, EDN and JSON keys --------------------------------

        /** At a {@code :}: starts a URL, reads user info or Oracle credentials, or an EDN or JSON key. */
        private int colon(int at) {
            if (at >= 4 && urlStartsAt(at - 4)) {
                startUrl(at - 4);
                int sub = at + 1;
                int end = sub;
                while (end < n && end - sub < 16 && Character.isLetterOrDigit(s.charAt(end))) {
                    end++;
                }
                String protocol = s.substring(sub, end).toLowerCase(Locale.ROOT);
                if (protocol.equals("sqlserver") || protocol.equals("jtds")) {
                    url = SQL_SERVER_URL;
                } else if (protocol.equals("oracle") && end < n && s.charAt(end) == ':') {
                    int driver = end + 1;
                    int driverEnd = driver;
                    while (driverEnd < n && driverEnd - driver < 16 && (Character.isLetterOrDigit(s.charAt(driverEnd))
                            || s.charAt(driverEnd) == '_')) {
                        driverEnd++;
                    }
                    if (driverEnd > driver && driverEnd < n && s.charAt(driverEnd) == ':') {
                        return oracle(driverEnd + 1);
                    }
                }
                return -1;
            }
            if (at >= 7 && urlStartsAt(at - 7)) {
                startUrl(at - 7);
                return -1;
            }
            if (s.startsWith("//", at + 1)) {
                if (url == NO_URL || query) { // a URL, or one inside another's query (a JDBC URL that lost "jdbc:")
                    int scheme = at;
                    while (scheme > 0 && isSchemeChar(s.charAt(scheme - 1))) {
                        scheme--;
                    }
                    startUrl(scheme);
                    String name = s.substring(scheme, at).toLowerCase(Locale.ROOT);
                    if (name.equals("sqlserver") || name.equals("jtds")) {
                        url = SQL_SERVER_URL;
                    }
                }
                int authority = at + 3;
                newSegment(authority);
                if (url != SQL_SERVER_URL) {
                    userInfo(authority);
                }
                return authority;
            }
            if (free) {
                int next = ednKey(at);
                if (next < 0) {
                    next = jsonKey(at);
                }
                return next;
            }
            return -1;
        }

        /**
         * Whether a URL starts at {@code at}: {@code jdbc:SUBPROTOCOL:} or
         * {@code datomic:STORAGE://}, even glued to what precedes it (a URL that lost its
         * {@code ?}). A user named datomic, as in {@code //datomic:password@host}, starts none.
         */
        private boolean urlStartsAt(int at) {
            if (s.regionMatches(true, at, "jdbc:", 0, 5)) {
                int k = at + 5;
                while (k < n && k - at < 24 && Character.isLetterOrDigit(s.charAt(k))) {
                    k++;
                }
                return k > at + 5 && k < n && s.charAt(k) == ':';
            }
            if (s.regionMatches(true, at, "datomic:", 0, 8)) {
                int k = at + 8;
                while (k < n && k - at < 24 && (Character.isLetter(s.charAt(k)) || s.charAt(k) == '-')) {
                    k++;
                }
                return k > at + 8 && s.startsWith("://", k);
            }
            return false;
        }

        private static boolean isSchemeChar(char c) {
            return c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-');
        }

        private void startUrl(int start) {
            url = GENERIC_URL;
            query = false;
        }

        /**
         * Where a URL's authority, its user info, or the credentials before an {@code @} can end:
         * at a blank in free text, at the query ({@code ?name=}), or
         * at the next URL; {@code alsoAt} (0 for none) ends it too.
         */
        private int regionEnd(int from, char alsoAt) {
            for (int k = from; k < n; k++) {
                char c = s.charAt(k);
                if (free && Character.isWhitespace(c)) {
                    return k;
                }
                if (c == alsoAt && alsoAt != 0) {
                    return k;
                }
                if (c == '?' && nameThenEquals(k + 1)) {
                    return k;
                }
                if (c == ':' && s.startsWith("//", k + 1) && k > from) {
                    return k;
                }
                if ((c == 'j' || c == 'J' || c == 'd' || c == 'D') && urlStartsAt(k)) {
                    return k;
                }
            }
            return n;
        }

        private boolean nameThenEquals(int from) {
            int k = from;
            while (k < n && isNameChar(s.charAt(k))) {
                k++;
            }
            return k > from && k < n && s.charAt(k) == '=';
        }

        /** {@code //user:password@host}: masks from the first ':' to the last '@' of the authority. */
        private void userInfo(int authority) {
            int end = regionEnd(authority, (char) 0);
            int lastAt = -1;
            for (int k = authority; k < end; k++) {
                if (s.charAt(k) == '@') {
                    lastAt = k;
                }
            }
            if (lastAt < 0) {
                return;
            }
            claimedUntil = Math.max(claimedUntil, lastAt);
            int from = indexOf(':', authority, lastAt);
            if (from < 0) {
                from = indexOf('/', authority, lastAt); // user/password, as Oracle writes it
            }
            if (from >= 0) {
                // The loop still reads the user info: a damaged URL may hold a secret parameter there.
                add(from + 1, lastAt);
            }
        }

        private int indexOf(char c, int from, int to) {
            for (int k = from; k < to; k++) {
                if (s.charAt(k) == c) {
                    return k;
                }
            }
            return -1;
        }

        /** {@code jdbc:oracle:DRIVER:[user][/password]@…}, either part possibly in double quotes. */
        private int oracle(int start) {
            int end = regionEnd(start, (char) 0);
            int at = start;
            int quotedUser = at < end && s.charAt(at) == '"' ? indexOf('"', at + 1, end) : -1;
            if (quotedUser >= 0) {
                at = quotedUser + 1;
            } else {
                while (at < end && s.charAt(at) != '/' && s.charAt(at) != '@') {
                    at++;
                }
            }
            if (at >= n || s.charAt(at) != '/') {
                if (at < n && s.charAt(at) == '@') {
                    claimedUntil = Math.max(claimedUntil, at);
                }
                return start;
            }
            int password = at + 1;
            if (password < n && s.charAt(password) == '"') {
                int close = s.indexOf('"', password + 1); // Oracle's quoted passwords hold no '"'
                if (close < 0) {
                    add(password + 1, n);
                    return n;
                }
                add(password + 1, close);
                if (close + 1 < n && s.charAt(close + 1) == '@') {
                    claimedUntil = Math.max(claimedUntil, close + 1);
                }
                return close + 1;
            }
            int lastAt = -1;
            for (int k = password; k < end; k++) {
                if (s.charAt(k) == '@') {
                    lastAt = k;
                }
            }
            int stop = lastAt < 0 ? end : lastAt;
            add(password, stop);
            claimedUntil = Math.max(claimedUntil, stop);
            return stop;
        }

        /**
         * {@code /"…"@}: Oracle's quoted password, even where no {@code jdbc:oracle:} precedes it
         * (a mistyped or cut URL). Returns where to continue, or -1.
         */
        private int quotedPassword(int open) {
            if (open == 0 || s.charAt(open - 1) != '/') {
                return -1;
            }
            int close = s.indexOf('"', open + 1);
            if (close < 0 || close + 1 >= n || s.charAt(close + 1) != '@') {
                return -1;
            }
            add(open + 1, close);
            claimedUntil = Math.max(claimedUntil, close + 1);
            return close + 1;
        }

        /** {@code :password "…"} in EDN, at a word boundary. */
        private int ednKey(int at) {
            if (at > 0 && !isOpening(s.charAt(at - 1))) {
                return -1;
            }
            int end = at + 1;
            while (end < n && (isNameChar(s.charAt(end)) || s.charAt(end) == '/')) {
                end++;
            }
            if (end == n || !Character.isWhitespace(s.charAt(end)) || !isSecretName(s, at + 1, end)) {
                return -1;
            }
            int value = skipBlanks(end);
            return value < n ? value(value, Context.DATA) : -1;
        }

        private static boolean isOpening(char c) {
            return Character.isWhitespace(c) || c == '{' || c == '(' || c == '[' || c == ',';
        }

        /** {@code "password": "…"} in JSON (or with single quotes). */
        private int jsonKey(int at) {
            int k = at;
            while (k > 0 && (s.charAt(k - 1) == ' ' || s.charAt(k - 1) == '\t')) {
                k--;
            }
            if (k == 0 || (s.charAt(k - 1) != '"' && s.charAt(k - 1) != '\'')) {
                return -1;
            }
            char quote = s.charAt(k - 1);
            int nameEnd = k - 1;
            int nameStart = nameEnd;
            while (nameStart > 0 && isNameChar(s.charAt(nameStart - 1))) {
                nameStart--;
            }
            if (nameStart == 0 || s.charAt(nameStart - 1) != quote || !isSecretName(s, nameStart, nameEnd)) {
                return -1;
            }
            int value = skipBlanks(at + 1);
            return value < n ? value(value, Context.DATA) : -1;
        }

        private int skipBlanks(int from) {
            int k = from;
            while (k < n && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
                k++;
            }
            return k;
        }

        // ---- properties lines ----------------------------------------------------------------

        /**
         * At the first character of a line: {@code [export ]NAME[ ]=|:[ ]VALUE} with a secret
         * name masks the value to the end of the line. Returns where to continue, or -1.
         */
        private int propertiesLine(int at) {
            int name = at;
            if (s.startsWith("export", name) && name + 6 < n && (s.charAt(name + 6) == ' ' || s.charAt(name + 6) == '\t')) {
                name = skipBlanks(name + 6);
            }
            if (name >= n || isJvmFlag(name)) {
                return -1; // -Dname=value is a JVM flag, whose value ends at a blank
            }
            int end = name;
            while (end < n && isNameChar(s.charAt(end))) {
                end++;
            }
            if (end == name || !isSecretName(s, name, end)) {
                return -1;
            }
            int separator = skipBlanks(end);
            if (separator >= n || (s.charAt(separator) != '=' && s.charAt(separator) != ':')) {
                return -1;
            }
            return lineValue(skipBlanks(separator + 1));
        }

        private boolean isJvmFlag(int name) {
            return s.startsWith("-D", name);
        }

        /**
         * A properties, dotenv or YAML value at {@code value}: to the end of the line, or inside
         * quotes closed on that line. Returns where it ends.
         */
        private int lineValue(int value) {
            if (value < n && (s.charAt(value) == '"' || s.charAt(value) == '\'')) {
                int close = closingQuoteOnLine(value);
                if (close < 0) {
                    add(value + 1, n); // a quote never closed on its line: perhaps a value over lines
                    return n;
                }
                int after = skipBlanks(close + 1);
                if (after == n || s.charAt(after) == '\n' || s.charAt(after) == '\r' || s.charAt(after) == '#') {
                    add(value + 1, close);
                    return close + 1;
                }
            }
            int stop = lineValueEnd(value);
            add(value, stop);
            return stop;
        }

        private int closingQuoteOnLine(int open) {
            char quote = s.charAt(open);
            for (int k = open + 1; k < n; k++) {
                char c = s.charAt(k);
                if (c == '\n' || c == '\r') {
                    return -1;
                }
                if (c == '\\' && quote == '"') {
                    k++;
                } else if (c == quote) {
                    return k;
                }
            }
            return -1;
        }

        /**
         * The end of a line's value: the line break (a properties line continues after an odd
         * number of backslashes), or a {@code ;} or {@code &} followed by another secret name and
         * {@code =} ({@code token=a;pwd=b}).
         */
        private int lineValueEnd(int from) {
            int k = from;
            while (k < n) {
                char c = s.charAt(k);
                if (c == '\n' || c == '\r') {
                    int backslashes = 0;
                    for (int b = k - 1; b >= from && s.charAt(b) == '\\'; b--) {
                        backslashes++;
                    }
                    if (backslashes % 2 == 0) {
                        return k;
                    }
                    if (c == '\r' && k + 1 < n && s.charAt(k + 1) == '\n') {
                        k++;
                    }
                } else if ((c == ';' || c == '&') && secretParameterAt(k + 1)) {
                    return k;
                }
                k++;
            }
            return n;
        }

        /** Whether a secret parameter's name and its {@code =} start at {@code from}. */
        private boolean secretParameterAt(int from) {
            int end = from;
            while (end < n && isNameChar(s.charAt(end))) {
                end++;
            }
            return end < n && s.charAt(end) == '=' && isSecretName(s, from, end);
        }

        // ---- '@' ---------------------------------------------------------------------------

        /**
         * An {@code @} in no recognised form: masks what stands before it, from the word or value
         * start to the last {@code @} of the stretch, after its first '/' or else its first ':'.
         */
        private void credentialsBefore(int at) {
            char parameterEnd = !parameterValue ? 0 : url == SQL_SERVER_URL ? ';' : query ? '&' : 0;
            int end = regionEnd(at + 1, parameterEnd);
            int lastAt = at;
            for (int k = at + 1; k < end; k++) {
                if (s.charAt(k) == '@') {
                    lastAt = k;
                }
            }
            claimedUntil = Math.max(claimedUntil, lastAt);
            int start = Math.min(segment, at);
            // The loop has read [start, at) and noted its first '/' and ':'; [at, lastAt) is read here once.
            int slash = firstSlash >= 0 ? firstSlash : indexOf('/', at, lastAt);
            int colon = slash >= 0 ? -1 : firstColon >= 0 ? firstColon : indexOf(':', at, lastAt);
            if (slash >= 0) {
                add(slash + 1, lastAt);
            } else if (colon >= 0) {
                add(colon + 1, lastAt);
            } else if (!parameterValue) {
                add(start, lastAt);
            }
        }
    }
}
