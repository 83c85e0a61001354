package dev.datomickit.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads Kamal YAML into a Jackson tree and merges destination files the way Kamal does.
 *
 * <p>SnakeYAML composes the document because Kamal files use anchors, aliases ({@code *server}) and
 * merge keys ({@code <<: *defaults}), which Jackson's streaming YAML parser does not resolve. YAML
 * 1.1 rules apply, as in Kamal's Ruby parser. Duplicate keys are refused: Ruby would silently keep
 * the last one, which is never what the author meant.
 */
final class YamlTree {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private YamlTree() {}

    static ObjectNode read(Path file, Path base) {
        String shown = Paths.display(file, base);
        String text = readText(file, shown);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            throw new InputException(shown + position(e.getProblemMark()) + ": not valid YAML: " + describe(e)
                    + erbHint(text));
        } catch (YAMLException e) {
            throw new InputException(shown + ": not valid YAML: " + e.getMessage() + erbHint(text));
        }
        if (!(document instanceof Map)) {
            throw new InputException(shown + ": expected a mapping of Kamal settings (service:, servers:,"
                    + " accessories:, ...), found " + (document == null ? "an empty document" : "a " + kind(document)));
        }
        return MAPPER.valueToTree(document);
    }

    /**
     * Kamal's destination merge (ActiveSupport's {@code deep_merge}): mappings merge key by key,
     * anything else in the overlay (a list, a scalar, null) replaces the base value whole.
     */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (base instanceof ObjectNode baseObject && overlay instanceof ObjectNode overlayObject) {
            ObjectNode merged = baseObject.deepCopy();
            for (Map.Entry<String, JsonNode> field : overlayObject.properties()) {
                JsonNode current = merged.get(field.getKey());
                merged.set(field.getKey(), current == null ? field.getValue().deepCopy() : merge(current, field.getValue()));
            }
            return merged;
        }
        return overlay.deepCopy();
    }

    private static String readText(Path file, String shown) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputException(shown + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InputException(shown + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InputException(shown + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static String position(Mark mark) {
        return mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "malformed" : e.getProblem();
        String context = e.getContext();
        if (context == null) {
            return problem;
        }
        Mark contextMark = e.getContextMark();
        String where = contextMark == null ? "" : " (line " + (contextMark.getLine() + 1) + ")";
        return problem + ", " + context + where;
    }

    private static String erbHint(String text) {
        return text.contains("<%")
                ? "; the file contains ERB tags (<% %>), which Kamal renders before reading the YAML but this"
                        + " checker does not: check the rendered file instead"
                : "";
    }

    private static String kind(Object value) {
        if (value instanceof Iterable) {
            return "list";
        }
        return value instanceof String ? "string" : value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
