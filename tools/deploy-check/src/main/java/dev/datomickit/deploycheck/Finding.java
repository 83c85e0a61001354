package dev.datomickit.deploycheck;

import static dev.datomickit.core.env.DatomicUri.redact;

import java.nio.file.Path;

/**
 * One problem in the deploy files: which rule, where (file and key), what is wrong and how to fix
 * it. Values quoted in {@code problem} and {@code fix} are already redacted.
 */
record Finding(Rule rule, Location location, String problem, String fix) {

    Finding {
        problem = redact(problem);
        fix = redact(fix);
    }

    String format(Path base) {
        return location.display(base) + " [" + rule.id() + "]\n"
                + "  " + problem + "\n"
                + "  fix: " + fix;
    }
}
