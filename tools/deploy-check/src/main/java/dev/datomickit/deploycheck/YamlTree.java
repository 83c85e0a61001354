package dev.datomickit.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 *
 * <p>Bounds: a file of at most 1 MiB ({@link InputFiles}), nested at most {@value #NESTING_LIMIT}
 * levels deep, with at most {@value #ALIAS_LIMIT} aliases to lists or mappings, and at most
 * {@value #VALUE_LIMIT} values once aliases are expanded (a "billion laughs" document, whose
 * aliases of aliases expand exponentially, is refused instead of exhausting the heap).
 *
 * <p>An error names the file, line and column and what is wrong in YAML terms, and never quotes
 * the document: SnakeYAML's own messages do ({@code found undefined alias hunter2} for a password
 * that starts with {@code *}), so only those known to hold none of the document's text are shown.
 */
final class YamlTree {

    static final int NESTING_LIMIT = 50;
    static final int ALIAS_LIMIT = 50;
    static final int VALUE_LIMIT = 100_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** SnakeYAML problems whose text holds nothing of the document, shown as they are. */
    private static final List<String> SAFE_PROBLEMS = List.of(
            "mapping values are not allowed here", "mapping keys are not allowed here",
            "sequence entries are not allowed here", "could not find expected ':'", "found unexpected end of stream",
            "found unexpected document separator", "expected a single document in the stream",
            "found duplicate YAML directive", "found incompatible YAML document (version 1.* is required)",
            "special characters are not allowed", "expected indentation indicator in the range 1-9, but found 0",
            "found empty value", "found unconstructable recursive node", "found unacceptable key");
    /** SnakeYAML problems that quote the document, by their start, and what to say instead. */
    private static final List<String[]> QUOTING_PROBLEMS = List.of(
            new String[] {"found undefined alias", "an alias (*name) refers to no anchor (&name) defined before it;"
                    + " a value that starts with * must be quoted"},
            new String[] {"could not determine a constructor for the tag", "an unknown tag (!name); a value that starts"
                    + " with ! must be quoted"},
            new String[] {"found duplicate key", "a key appears twice in one mapping"},
            new String[] {"duplicate keys found", "a key appears twice in one mapping"},
            new String[] {"found character", "a character that cannot start a value (such as @, ` or a tab used for"
                    + " indentation); quote the value, and indent with spaces"},
            new String[] {"found unknown escape character", "an unknown escape (\\) in a double-quoted value"},
            new String[] {"expected escape sequence", "a malformed \\x, \\u or \\U escape in a double-quoted value"},
            new String[] {"expected alphabetic or numeric character", "an anchor or alias name (&name, *name) with a"
                    + " character names cannot hold; a value that starts with & or * must be quoted"},
            new String[] {"expected a comment or a line break", "text after a value, where only a comment or the end of"
                    + " the line may follow"},
            new String[] {"expected chomping or indentation indicators", "a block scalar (| or >) whose header holds more"
                    + " than its indicators"},
            new String[] {"found undefined tag handle", "an undefined tag handle (!name!)"},
            new String[] {"expected URI", "a malformed tag"},
            new String[] {"expected '!'", "a malformed tag"},
            new String[] {"expected '>'", "a malformed tag"},
            new String[] {"expected ' '", "a tag or directive not followed by a blank"},
            new String[] {"expected a digit", "a malformed %YAML directive"},
            new String[] {"found a number which cannot represent a valid version", "a malformed %YAML directive"},
            new String[] {"unacceptable code point", "a character YAML does not allow (a control character)"},
            new String[] {"expected a mapping for merging", "a merge key (<<) whose value is not a mapping or a list of"
                    + " mappings"},
            new String[] {"expected a mapping or list of mappings for merging", "a merge key (<<) whose value is not a"
                    + " mapping or a list of mappings"});
    /**
     * The parser's problems, "expected X, but found Y", where X and Y are kinds of token
     * ({@code <block end>}, {@code <scalar>}, {@code -}): never a scalar's text. (The scanner's
     * "expected …, but found" problems, whose Y is a character of the file, are among those above.)
     */
    private static final Pattern TOKEN_PROBLEM = Pattern.compile(
            "(expected|did not find expected) [<a-z ,>'\\[\\]{}:?-]*(, but (found|got) '?(<[a-z ]+>|[-?:,\\[\\]{}])'?)?");
    private static final Pattern CONTEXT = Pattern.compile("while [a-zA-Z -]{1,40}");

    private YamlTree() {}

    static ObjectNode read(Path file, Path base) {
        String shown = Paths.display(file, base);
        String text = InputFiles.read(file, shown, StandardCharsets.UTF_8);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(InputFiles.LIMIT);
        options.setNestingDepthLimit(NESTING_LIMIT);
        options.setMaxAliasesForCollections(ALIAS_LIMIT);
        options.setAllowRecursiveKeys(false);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            throw new InputException(shown + position(e.getProblemMark()) + ": not valid YAML: " + describe(e)
                    + erbHint(text));
        } catch (YAMLException e) {
            throw new InputException(shown + ": not valid YAML: " + describeLimit(e.getMessage()) + erbHint(text));
        }
        if (!(document instanceof Map)) {
            throw new InputException(shown + ": expected a mapping of Kamal settings (service:, servers:,"
                    + " accessories:, ...), found " + (document == null ? "an empty document" : "a " + kind(document)));
        }
        checkExpansion(document, shown);
        return MAPPER.valueToTree(document);
    }

    /**
     * Refuses a document that aliases expand beyond {@value #VALUE_LIMIT} values or
     * {@value #EXPANDED_DEPTH_LIMIT} levels, or that contains itself; before Jackson copies it.
     */
    private static void checkExpansion(Object document, String shown) {
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {document, 0});
        int values = 0;
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            int depth = (Integer) top[1];
            if (++values > VALUE_LIMIT) {
                throw new InputException(shown + ": not valid for deploy-check: its aliases expand it to more than "
                        + String.format("%,d", VALUE_LIMIT) + " values (a Kamal config has a few hundred)");
            }
            if (depth > EXPANDED_DEPTH_LIMIT) {
                throw new InputException(shown + ": not valid for deploy-check: its aliases nest it more than "
                        + EXPANDED_DEPTH_LIMIT + " levels deep, or a list or mapping contains itself");
            }
            if (top[0] instanceof Map<?, ?> map) {
                map.forEach((key, value) -> stack.push(new Object[] {value, depth + 1}));
            } else if (top[0] instanceof Iterable<?> list) {
                list.forEach(item -> stack.push(new Object[] {item, depth + 1}));
            }
        }
    }

    static final int EXPANDED_DEPTH_LIMIT = 2 * NESTING_LIMIT;

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

    private static String position(Mark mark) {
        return mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /** What is wrong, in YAML terms, without quoting the document. */
    static String describe(MarkedYAMLException e) {
        String problem = problem(e.getProblem());
        String context = e.getContext();
        if (context == null || !CONTEXT.matcher(context.strip()).matches()) {
            return problem;
        }
        Mark contextMark = e.getContextMark();
        String where = contextMark == null ? "" : " (line " + (contextMark.getLine() + 1) + ")";
        return problem + ", " + context.strip() + where;
    }

    private static String problem(String problem) {
        if (problem == null) {
            return "malformed";
        }
        String text = problem.strip();
        for (String[] quoting : QUOTING_PROBLEMS) {
            if (text.startsWith(quoting[0])) {
                return quoting[1];
            }
        }
        if (SAFE_PROBLEMS.contains(text) || TOKEN_PROBLEM.matcher(text).matches()) {
            return text;
        }
        return describeLimit(text);
    }

    /** SnakeYAML's limits, in this checker's terms; anything else unnamed, as it might quote the file. */
    private static String describeLimit(String message) {
        String text = message == null ? "" : message;
        if (text.startsWith("Number of aliases for non-scalar nodes exceeds")) {
            return "more than " + ALIAS_LIMIT + " aliases to lists or mappings (a document whose aliases expand"
                    + " exponentially is refused)";
        }
        if (text.startsWith("Nesting Depth exceeded")) {
            return "nested more than " + NESTING_LIMIT + " levels deep";
        }
        if (text.startsWith("The incoming YAML document exceeds the limit")) {
            return "longer than " + InputFiles.LIMIT_TEXT;
        }
        if (text.startsWith("Recursive key for mapping")) {
            return "a mapping key that contains itself";
        }
        return "malformed (the parser's message is not shown, as it may quote the file)";
    }

    private static String erbHint(String text) {
        return text.contains("<%")
                ? "; the file contains ERB tags (<% %>), which Kamal renders before reading the YAML but this"
                        + " checker does not: check the rendered file instead"
                : "";
    }

    /** A YAML type, in YAML terms. */
    private static String kind(Object value) {
        if (value instanceof Iterable) {
            return "list";
        }
        if (value instanceof String) {
            return "text";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "true or false value";
        }
        return value instanceof java.util.Date ? "date" : "single value";
    }
}
