package dev.datomickit.core.env;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from connection strings and from any text that may quote one: passwords and
 * secret keys in query parameters, {@code user:password@} user info, Oracle's
 * {@code user/password@}.
 */
final class Redaction {

    static final String MASK = "***";

    /** Parameters whose values are secrets, up to the next {@code &}, {@code ;} or the end. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|aws_secret_key|aws_secret_access_key|secretkey|token|sessiontoken)=)"
                    + "([^&;]*)");
    /** The same, stopping at whitespace or quotes too: for free text such as exception messages. */
    private static final Pattern SECRET_PARAMETER_IN_TEXT = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|aws_secret_key|aws_secret_access_key|secretkey|token|sessiontoken)=)"
                    + "([^&;\\s\"',}]*)");
    /** {@code //user:password@host}; a '/' cannot occur in user info unencoded, so it ends the match. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?&;\\s]*):([^@/\\s]*)@");
    /** {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:\\w+:[^/@:\\s]*)/([^@\\s]*)@");

    private Redaction() {}

    /** Redacts a connection string, well-formed or not. */
    static String uri(String uri) {
        if (uri == null) {
            return "null";
        }
        return apply(uri, SECRET_PARAMETER);
    }

    /** Redacts free text that may quote a connection string, and every known secret value in it. */
    static String text(String text, List<String> secrets) {
        return text == null ? null : apply(literal(text, secrets), SECRET_PARAMETER_IN_TEXT);
    }

    /** Replaces each known secret value in {@code text}. */
    static String literal(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** The secret values in a connection string, so that text quoting them elsewhere can be redacted. */
    static List<String> secrets(String uri) {
        List<String> secrets = new ArrayList<>();
        for (Pattern pattern : List.of(SECRET_PARAMETER, USER_INFO, ORACLE)) {
            Matcher m = pattern.matcher(uri);
            while (m.find()) {
                if (!m.group(2).isEmpty()) {
                    secrets.add(m.group(2));
                }
            }
        }
        // Longest first, so that a secret containing another is replaced whole.
        secrets.sort((a, b) -> b.length() - a.length());
        return secrets;
    }

    private static String apply(String text, Pattern parameters) {
        String out = parameters.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        out = USER_INFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
        return ORACLE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "/" + MASK + "@"));
    }
}
