package dev.datomickit.reliability;

import java.util.Locale;
import java.util.Random;

/**
 * How hard the suite pushes, and from which random seed, both set from the command line:
 * {@code mvn verify -Dreliability.scale=10 -Dreliability.seed=42}. The scale multiplies every
 * case's operations and inputs (1 by default, sized for CI). The build's default seed is fixed, so
 * that {@code mvn verify} tries the same inputs on every machine; {@code -Dreliability.seed=random}
 * (or an empty seed, as when the suite runs outside Maven) draws a new one. The seed is printed with
 * the figures and in every failure, so any run can be replayed.
 */
final class Load {

    static final double SCALE = scale(System.getProperty("reliability.scale", ""));
    static final long SEED = seed(System.getProperty("reliability.seed", ""));

    private Load() {}

    /** {@code base} operations at scale 1, scaled, at least one. */
    static int scaled(int base) {
        return (int) Math.max(1, Math.round(base * SCALE));
    }

    /** A generator for one case: the same seed and case give the same inputs, whatever ran before. */
    static Random random(String caseName) {
        return new Random(SEED * 31 + caseName.hashCode());
    }

    /** What a failure message adds so that the failing run can be replayed. */
    static String replay() {
        return String.format(Locale.ROOT, "(replay: mvn verify -pl datomic-kit-reliability -am -Dreliability.seed=%d"
                + " -Dreliability.scale=%s)", SEED, SCALE);
    }

    private static double scale(String text) {
        if (text.isBlank()) {
            return 1;
        }
        double scale = Double.parseDouble(text.strip());
        if (!(scale > 0)) {
            throw new IllegalArgumentException("reliability.scale must be positive, was " + text);
        }
        return scale;
    }

    private static long seed(String text) {
        if (text.isBlank() || text.strip().equals("random")) {
            return new Random().nextLong();
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reliability.seed must be a whole number or \"random\", was " + text, e);
        }
    }
}
