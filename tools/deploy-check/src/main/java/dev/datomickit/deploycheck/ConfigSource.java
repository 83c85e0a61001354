package dev.datomickit.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The YAML files one deployable app is made of: {@code config/deploy.yml} and, for a destination,
 * {@code config/deploy.<destination>.yml} merged over it. Answers which of the two files a merged
 * value was written in, so each finding points at the line the user has to edit.
 */
final class ConfigSource {

    private final Path baseFile;
    private final Path overlayFile;
    private final JsonNode overlay;
    private final JsonNode merged;
    private final Path displayBase;

    ConfigSource(Path baseFile, ObjectNode base, Path overlayFile, ObjectNode overlay, Path displayBase) {
        this.baseFile = baseFile;
        this.overlayFile = overlayFile;
        this.overlay = overlay;
        this.merged = overlay == null ? base : YamlTree.merge(base, overlay);
        this.displayBase = displayBase;
    }

    Setting root() {
        return new Setting(this, merged, List.of());
    }

    Path baseFile() {
        return baseFile;
    }

    Path overlayFile() {
        return overlayFile;
    }

    Path displayBase() {
        return displayBase;
    }

    /** The file whose text produced the merged value at {@code path}. */
    Path fileOf(List<Object> path) {
        if (overlay == null) {
            return baseFile;
        }
        JsonNode node = overlay;
        for (Object step : path) {
            if (!node.isObject()) {
                return overlayFile; // a list or scalar in the overlay replaced the base value whole
            }
            JsonNode child = node.get(step.toString());
            if (child == null) {
                return baseFile;
            }
            node = child;
        }
        return overlayFile;
    }
}
