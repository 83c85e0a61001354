package dev.datomickit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

/** Random passwords, and the check that no piece of one was shown. */
final class Passwords {

    /** How many consecutive characters of a password count as showing it. */
    private static final int WINDOW = 5;

    private Passwords() {}

    /** 8 to 19 characters of {@code chars}. */
    static String random(Random random, String chars) {
        StringBuilder password = new StringBuilder();
        for (int n = 8 + random.nextInt(12); n > 0; n--) {
            password.append(chars.charAt(random.nextInt(chars.length())));
        }
        return password.toString();
    }

    /**
     * Fails if {@code shown} holds {@value #WINDOW} consecutive characters of {@code password} that
     * {@code input}, the password taken out of it, does not also hold (a host or user name may share
     * a few characters with it, and showing those is no leak).
     */
    static void assertNotShown(String shown, String password, String input, String context) {
        String rest = input.replace(password, "\u0001");
        for (int i = 0; i + WINDOW <= password.length(); i++) {
            String window = password.substring(i, i + WINDOW);
            if (!rest.contains(window)) {
                assertThat(shown).as("what is shown for %s, whose password is %s %s", context, password, Load.replay())
                        .doesNotContain(window);
            }
        }
    }
}
