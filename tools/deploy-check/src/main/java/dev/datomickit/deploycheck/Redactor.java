package dev.datomickit.deploycheck;

import java.util.regex.Pattern;

/**
 * Hides secrets in any text the checker prints. Connection strings carry passwords
 * ({@code ?password=}, {@code user:password@}, {@code -Ddatomic.memcachedPassword=}); every value
 * shown in a finding passes through here first.
 */
final class Redactor {

    static final String MASK = "***";

    /** {@code password=...} and its relatives, as JDBC parameters, properties or -D flags. */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)=)([^&\\s;,\"']+)");
    /**
     * {@code scheme://user:password@host}, from the first ':' after the {@code //} to the last '@'
     * of the word: a password may hold an unencoded '/', '?' or '@', a damaged URL may have a stray
     * '@' or '/' before it, and hiding too much of a damaged URL beats showing part of a password.
     */
    private static final Pattern USER_INFO = Pattern.compile("(//[^:\\s]*?:)(\\S*)(@)");
    /** {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:\\w+:[^/@\\s]*/)(\\S*)(@)");

    private Redactor() {}

    static String redact(String text) {
        String hidden = SECRET_PARAMETER.matcher(text).replaceAll("$1" + MASK);
        hidden = ORACLE.matcher(hidden).replaceAll("$1" + MASK + "$3");
        return USER_INFO.matcher(hidden).replaceAll("$1" + MASK + "$3");
    }
}
