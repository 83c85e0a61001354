package dev.datomickit.core.env;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from connection strings and from any text that may quote one: passwords and
 * secret keys in query parameters, {@code user:password@} user info, Oracle's
 * {@code user/password@}, and whatever stands before an {@code @} in a URL too damaged for those
 * forms to be recognised (a mistyped {@code jdbc:oracle:thin:}, a {@code //} missing a slash):
 * there, more is masked rather than less.
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
    /** {@code &name=} or {@code ;name=}: a parameter, whose value may hold an '@' ({@code ;user=name@domain}). */
    private static final Pattern PARAMETER_START = Pattern.compile("[&;][A-Za-z_][\\w.-]*=");
    private static final Pattern PARAMETER_NAME = Pattern.compile("^[A-Za-z_][\\w.-]*=");

    private Redaction() {}

    /** A part of a text to mask, {@code [start, end)}. */
    private record Span(int start, int end) {}

    /** Redacts a connection string, well-formed or not. */
    static String uri(String uri) {
        if (uri == null) {
            return "null";
        }
        return mask(uri, spans(uri, SECRET_PARAMETER));
    }

    /** Redacts free text that may quote a connection string, and every known secret value in it. */
    static String text(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String known = literal(text, secrets);
        return mask(known, spans(known, SECRET_PARAMETER_IN_TEXT));
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
        for (Span span : spans(uri, SECRET_PARAMETER)) {
            secrets.add(uri.substring(span.start(), span.end()));
        }
        // Longest first, so that a secret containing another is replaced whole.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return secrets;
    }

    /** Where the secrets of {@code text} are: the recognised forms, then bare credentials; merged, in order. */
    private static List<Span> spans(String text, Pattern parameters) {
        List<Span> spans = new ArrayList<>();
        for (Pattern pattern : List.of(parameters, USER_INFO, ORACLE)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (m.end(2) > m.start(2)) {
                    spans.add(new Span(m.start(2), m.end(2)));
                }
            }
        }
        List<Span> recognised = List.copyOf(spans);
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int position = at;
            if (recognised.stream().noneMatch(s -> s.start() <= position && position <= s.end())) {
                Span bare = credentialsBefore(text, at);
                if (bare.end() > bare.start()) {
                    spans.add(bare);
                }
            }
        }
        spans.sort(Comparator.comparingInt(Span::start));
        List<Span> merged = new ArrayList<>();
        for (Span span : spans) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span.start() <= last.end()) {
                merged.set(merged.size() - 1, new Span(last.start(), Math.max(last.end(), span.end())));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    /**
     * Credentials that end at the '@' at {@code at} but fit none of the recognised forms. They
     * start after the nearest blank or '?' before the '@' (and a parameter name there). After a
     * {@code //}, they start after the first ':' ({@code user:password}), or else after the last
     * parameter name ({@code ;user=name@domain}), or else after the first '/'. Without one, they
     * start after the first '/' (Oracle's {@code user/password}), or else the first ':'. Failing
     * all, the whole run before the '@' is masked: more than needed rather than less.
     */
    private static Span credentialsBefore(String text, int at) {
        int start = at;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1)) && text.charAt(start - 1) != '?') {
            start--;
        }
        Matcher name = PARAMETER_NAME.matcher(text).region(start, at);
        if (name.lookingAt()) {
            start = name.end();
        }
        String run = text.substring(start, at);
        int slashes = run.lastIndexOf("//");
        if (slashes >= 0) {
            int authority = start + slashes + 2;
            String afterSlashes = run.substring(slashes + 2);
            int colon = afterSlashes.indexOf(':');
            if (colon >= 0) {
                return new Span(authority + colon + 1, at);
            }
            int parameter = -1;
            for (Matcher m = PARAMETER_START.matcher(afterSlashes); m.find(); ) {
                parameter = m.end();
            }
            int slash = afterSlashes.indexOf('/');
            return new Span(authority + (parameter >= 0 ? parameter : slash + 1), at);
        }
        int slash = run.indexOf('/');
        int colon = run.indexOf(':');
        return new Span(start + (slash >= 0 ? slash + 1 : colon >= 0 ? colon + 1 : 0), at);
    }

    private static String mask(String text, List<Span> spans) {
        StringBuilder out = new StringBuilder(text);
        for (int i = spans.size() - 1; i >= 0; i--) {
            out.replace(spans.get(i).start(), spans.get(i).end(), MASK);
        }
        return out.toString();
    }
}
