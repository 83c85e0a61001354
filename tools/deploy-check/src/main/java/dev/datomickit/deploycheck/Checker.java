package dev.datomickit.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Loads the given Kamal projects and runs every check over the apps they hold. */
final class Checker {

    /** What a run found: the apps read, the findings, and notes on what could not be checked. */
    record Result(List<App> apps, List<Finding> findings, List<String> notes) {}

    private Checker() {}

    /**
     * @param targets Kamal project directories, config files or destination files; give every app
     *     that shares a server in one call, so their ports and volumes are compared
     * @param displayBase the directory file names are shown relative to
     * @throws InputException when a file cannot be read or has the wrong shape
     */
    static Result check(List<Path> targets, Path displayBase) {
        List<App> apps = new ArrayList<>();
        targets.forEach(target -> apps.addAll(KamalProject.load(target, displayBase)));
        LinkedHashSet<Finding> findings = new LinkedHashSet<>();
        for (App app : apps) {
            findings.addAll(app.unreadable());
            findings.addAll(ConnectionCheck.check(app, apps));
            findings.addAll(ExposureCheck.check(app));
        }
        findings.addAll(CollisionCheck.check(apps));
        LinkedHashSet<String> notes = new LinkedHashSet<>();
        apps.forEach(app -> notes.addAll(app.notes()));
        return new Result(List.copyOf(apps), List.copyOf(findings), List.copyOf(notes));
    }
}
