package dev.datomickit.deploycheck;

import static dev.datomickit.core.env.DatomicUri.redact;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Command line entry point of the deploy-file checker.
 *
 * <pre>
 * java -jar deploy-check.jar examples/users-service/deploy [other-app-on-the-same-server ...]
 * </pre>
 *
 * <p>Each argument is a Kamal project directory (the one holding {@code config/deploy.yml}), a
 * config file, or a destination file. Every destination ({@code config/deploy.<name>.yml}) is
 * checked as its own app, merged over {@code deploy.yml} as Kamal merges it, with the
 * {@code .kamal/secrets} files Kamal would read and the transactor properties the accessories
 * mount. Apps whose accessories share a server are compared for host port, volume and container
 * name collisions.
 *
 * <p>Each finding names the file, the key and the fix; values that carry passwords are redacted.
 * Exit status: 0 without findings, 1 with findings, 2 when the files cannot be read (the message
 * says which file and where) or the arguments are wrong.
 */
public final class DeployCheck {

    /** Exit status when every check passed. */
    public static final int CLEAN = 0;
    /** Exit status when at least one finding was reported. */
    public static final int FINDINGS = 1;
    /** Exit status when the arguments or the files could not be read. */
    public static final int ERROR = 2;

    private static final String USAGE = """
            Usage: deploy-check PATH...

            Checks Kamal deploy files and the Datomic transactor properties they mount.
            PATH is a Kamal project directory (holding config/deploy.yml), a config file, or a
            destination file such as config/deploy.staging.yml. Name every app that shares a
            server in one run: their host ports, volumes and container names are compared.

            Exit status: 0 no findings, 1 findings, 2 unreadable files or wrong arguments.
            """;

    private DeployCheck() {}

    /**
     * Runs the checker and exits with its status.
     *
     * @param args the paths to check; {@code --help} prints the usage
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the checker without exiting, for use from tests and build scripts: a test in an
     * application can assert that its deploy files check clean.
     *
     * @param args the paths to check (relative to the working directory), or {@code --help}
     * @param out where findings, notes and the summary are printed
     * @param err where usage and read errors are printed
     * @return {@link #CLEAN}, {@link #FINDINGS} or {@link #ERROR}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(USAGE);
            return CLEAN;
        }
        List<Path> targets = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("-")) {
                err.println("deploy-check: unknown option " + arg);
                err.print(USAGE);
                return ERROR;
            }
            try {
                targets.add(Path.of(arg));
            } catch (InvalidPathException e) {
                err.println("deploy-check: " + arg + ": not a valid path (" + e.getReason() + ")");
                return ERROR;
            }
        }
        if (targets.isEmpty()) {
            err.print(USAGE);
            return ERROR;
        }
        Path base = Paths.workingDirectory();
        Checker.Result result;
        try {
            result = Checker.check(targets, base);
        } catch (InputException e) {
            err.println("deploy-check: " + redact(e.getMessage()));
            return ERROR;
        }
        result.findings().forEach(finding -> out.println(finding.format(base) + "\n"));
        result.notes().forEach(note -> out.println("note: " + redact(note)));
        String apps = result.apps().stream().map(App::label).collect(Collectors.joining("; "));
        int count = result.findings().size();
        out.println("deploy-check: " + (count == 0 ? "no findings" : count + (count == 1 ? " finding" : " findings"))
                + " in " + result.apps().size() + (result.apps().size() == 1 ? " app: " : " apps: ") + apps);
        return count == 0 ? CLEAN : FINDINGS;
    }
}
