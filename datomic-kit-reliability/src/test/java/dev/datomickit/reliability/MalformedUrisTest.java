package dev.datomickit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.env.DatomicUri;
import dev.datomickit.core.env.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random Datomic URIs carrying a random password, then broken in random places: characters
 * deleted, inserted, doubled, the text cut short. The password and the text right around it (its
 * parameter name, or the user-info delimiters) are left intact, so it is still recognisably a
 * password; everything else is fair game. Whatever the input, parsing either succeeds or fails
 * with an {@link IllegalArgumentException} that says the URI is invalid, and no message, no
 * {@code toString()} and no environment description shows any five consecutive characters of the
 * password.
 */
class MalformedUrisTest {

    /** Characters a password may hold in a query parameter (not '&', ';', '#' or blanks, which end it). */
    private static final String PARAMETER_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-._~!$'()*+,/:@?=%";
    /** Characters a password may hold in user info (RFC 3986: unreserved, sub-delims, ':' and %XX). */
    private static final String USER_INFO_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-._~!$&'()*+,;=:%";
    /** Characters an Oracle password may hold unquoted. */
    private static final String ORACLE_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789_$#";
    /** Characters a PostgreSQL query value may hold: ';' is no separator there. */
    private static final String POSTGRES_CHARS = PARAMETER_CHARS + ";";
    /** Characters a braced SQL Server value may hold: anything, '}' written twice. */
    private static final String BRACED_CHARS = PARAMETER_CHARS + ";&{} #\"";
    /** Characters a quoted Oracle password may hold: anything but '"'. */
    private static final String QUOTED_ORACLE_CHARS = PARAMETER_CHARS + ";& #{}";
    /** What the mutations insert: delimiters of every part of a URI, blanks, controls, non-ASCII. */
    private static final String NASTY = "/:@?&;=#%[]{}\"' \t\n\\|^`<>.,-_+*!$()~é日\u0000\u2028";

    /** A URI with the password at {@code [from, to)} of {@code text}; {@code frame} characters either side are kept. */
    private record Secret(String text, int from, int to, int frameBefore, int frameAfter) {

        String password() {
            return text.substring(from, to);
        }
    }

    @Test
    void noMalformedUriLeaksItsPasswordAndEachErrorSaysTheUriIsInvalid() {
        int inputs = Load.scaled(6_000);
        Figures.Row row = Figures.open("Malformed URIs", String.format("%,d URIs of 6 storages × 12 password positions,"
                + " 0 to 4 random mutations each", inputs));
        Random random = Load.random("malformed uris");
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < inputs; i++) {
            Secret secret = uri(random);
            String text = mutate(secret, random, random.nextInt(5));
            String password = secret.password();
            try {
                DatomicUri uri = DatomicUri.parse(text);
                assertNoLeak(uri.toString(), password, text);
                parsed++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as("error for %s %s", text, Load.replay())
                        .matches("(?s)(Invalid Datomic URI |No Datomic URI given).*");
                assertNoLeak(e.getMessage(), password, text);
                refused++;
                row.badInputs.increment();
            } catch (RuntimeException e) {
                throw new AssertionError("Parsing " + text + " threw " + e + " instead of an IllegalArgumentException "
                        + Load.replay(), e);
            }
            assertNoLeak(DatomicUri.redact(text), password, text);
            assertNoLeak(environment(text), password, text);
            row.operations.add(3);
        }
        row.passed(String.format("%,d parsed, %,d refused as invalid; no password shown in any message", parsed, refused));
    }

    /** What an application shows of its environment: the description, or why it cannot resolve. */
    private static String environment(String text) {
        try {
            return Environment.builder().resolve(Map.of("DATOMIC_ENV", "prod", "DATOMIC_URI", text)).toString();
        } catch (DatomicKitException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static void assertNoLeak(String shown, String password, String input) {
        Passwords.assertNotShown(shown, password, input, input);
    }

    /** A well-formed URI with a password in one of the places URIs keep them. */
    private static Secret uri(Random random) {
        String host = random.nextBoolean() ? "db.internal" : "10.0.0." + random.nextInt(255);
        int port = 1 + random.nextInt(65_535);
        String parameter = List.of("password", "PASSWORD", "pwd", "secret", "token", "aws_secret_key", "sessionToken")
                .get(random.nextInt(7));
        return switch (random.nextInt(12)) {
            case 0 -> inParameter("datomic:dev://" + host + ":" + port + "/app?", parameter, "", random);
            case 1 -> inParameter("datomic:sql://app?jdbc:postgresql://" + host + ":" + port + "/datomic?user=datomic&",
                    parameter, random.nextBoolean() ? "&ssl=true" : "", random);
            case 2 -> inParameter("datomic:sql://app?jdbc:sqlserver://" + host + ":" + port + ";databaseName=d;user=u;",
                    parameter, ";encrypt=true", random);
            case 3 -> inParameter("datomic:ddb://us-east-1/datomic/app?aws_access_key_id=AKIDEXAMPLE&", parameter, "", random);
            case 4 -> inParameter("datomic:cass://" + host + ":" + port + "/ks.datomic/app?user=cassandra&", parameter,
                    "&ssl=true", random);
            case 5 -> inParameter("datomic:ddb-local://" + host + ":" + port + "/datomic/app?aws_access_key_id=x&", parameter,
                    "", random);
            case 6 -> framed("datomic:sql://app?jdbc:mysql://", "datomic:", Passwords.random(random, USER_INFO_CHARS), "@",
                    host + ":" + port + "/datomic");
            case 7 -> framed("datomic:sql://app?jdbc:oracle:thin:", "datomic/", Passwords.random(random, ORACLE_CHARS), "@",
                    (random.nextBoolean() ? "//" : "") + host + ":" + port + "/ORCL");
            // Legal forms the redaction once showed: MySQL's second and third factor, PostgreSQL's ';'
            // in a value, SQL Server's braces, Oracle's quotes.
            case 8 -> inParameter("datomic:sql://app?jdbc:mysql://" + host + ":" + port + "/datomic?user=datomic&",
                    "password" + (1 + random.nextInt(3)), "&sslMode=REQUIRED", random);
            case 9 -> framed("datomic:sql://app?jdbc:postgresql://" + host + ":" + port + "/datomic?user=datomic&",
                    "password=", Passwords.random(random, POSTGRES_CHARS), "", "&ssl=true");
            case 10 -> framed("datomic:sql://app?jdbc:sqlserver://" + host + ":" + port + ";databaseName=d;user=u;",
                    "password={", Passwords.random(random, BRACED_CHARS).replace("}", "}}"), "}", ";encrypt=true");
            default -> framed("datomic:sql://app?jdbc:oracle:thin:", "datomic/\"", Passwords.random(random, QUOTED_ORACLE_CHARS),
                    "\"@", host + ":" + port + ":ORCL");
        };
    }

    private static Secret inParameter(String before, String parameter, String after, Random random) {
        return framed(before, parameter + "=", Passwords.random(random, PARAMETER_CHARS), "", after);
    }

    private static Secret framed(String before, String frameBefore, String password, String frameAfter, String after) {
        String text = before + frameBefore + password + frameAfter + after;
        int from = before.length() + frameBefore.length();
        return new Secret(text, from, from + password.length(), frameBefore.length(), frameAfter.length());
    }

    /** Applies {@code count} mutations outside the password and its frame; the password stays whole. */
    private static String mutate(Secret secret, Random random, int count) {
        StringBuilder text = new StringBuilder(secret.text());
        int protectedFrom = secret.from() - secret.frameBefore();
        int protectedTo = secret.to() + secret.frameAfter();
        for (int m = 0; m < count; m++) {
            List<Integer> positions = new ArrayList<>();
            for (int p = 0; p <= text.length(); p++) {
                if (p <= protectedFrom || p >= protectedTo) {
                    positions.add(p);
                }
            }
            int at = positions.get(random.nextInt(positions.size()));
            int shift;
            switch (random.nextInt(5)) {
                case 0 -> { // delete a character
                    if (at >= text.length() || (at >= protectedFrom && at < protectedTo)) {
                        continue;
                    }
                    text.deleteCharAt(at);
                    shift = -1;
                }
                case 1 -> { // insert a nasty character
                    text.insert(at, NASTY.charAt(random.nextInt(NASTY.length())));
                    shift = 1;
                }
                case 2 -> { // double the text before (or after) this point, for a while
                    int length = Math.min(1 + random.nextInt(12), at <= protectedFrom ? at : text.length() - at);
                    String copy = at <= protectedFrom ? text.substring(at - length, at) : text.substring(at, at + length);
                    text.insert(at, copy);
                    shift = copy.length();
                }
                case 3 -> { // cut it short, after the password
                    if (at < protectedTo) {
                        continue;
                    }
                    text.setLength(at);
                    shift = 0;
                }
                default -> { // replace a character with a nasty one
                    if (at >= text.length() || (at >= protectedFrom && at < protectedTo)) {
                        continue;
                    }
                    text.setCharAt(at, NASTY.charAt(random.nextInt(NASTY.length())));
                    shift = 0;
                }
            }
            if (at <= protectedFrom) {
                protectedFrom += shift;
                protectedTo += shift;
            }
        }
        return text.toString();
    }
}
