package dev.kenning.workbench.spec;

import dev.kenning.core.InputError;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of a YAML document, read with the positions of its keys so every complaint
 * names {@code file:line} and the key path. Keys are declared by reading them; {@link #finish()}
 * then rejects any key that was not read, with the list of valid ones. A key whose value is
 * YAML's null ({@code ~}, {@code null} or nothing) reads as if it were not written: its default.
 */
final class YamlSection {
    private final Path file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> known = new TreeSet<>();

    YamlSection(Path file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (!(node instanceof MappingNode map)) {
            throw error(node, "expected a mapping of keys to values");
        }
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw error(t.getKeyNode(), "keys must be plain names");
            }
            if (entries.put(key.getValue(), t) != null) {
                throw error(t.getKeyNode(), "key '" + qualified(key.getValue()) + "' appears twice");
            }
        }
    }

    /** The top-level mapping of a YAML file; unreadable or malformed files name file:line:col. */
    static YamlSection open(Path file) {
        return open(file, Map.of());
    }

    /** The document's top mapping, with {@code overrides} (key path → value) put in first: see {@link SpecOverrides}. */
    static YamlSection open(Path file, Map<String, String> overrides) {
        Node root;
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file)) {
            root = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions())).compose(r);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputError(file.toString(), "experiment spec not found");
        } catch (java.io.IOException e) {
            throw new InputError(file.toString(), "cannot read: " + e.getMessage());
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new InputError(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1),
                    "not valid YAML: " + e.getProblem());
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new InputError(file.toString(), "not UTF-8 text; save the spec as UTF-8");
            }
            // SnakeYAML's own limits: more than 50 aliases to collections (an alias bomb), a file
            // over its code-point limit
            throw new InputError(file.toString(), "not a spec Kenning reads: " + e.getMessage());
        }
        if (root == null) {
            throw new InputError(file.toString(), "the experiment spec is empty");
        }
        merge(file, root, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        SpecOverrides.apply(file, root, overrides);
        return new YamlSection(file, "", root);
    }

    /**
     * YAML merge keys, {@code <<: *defaults} (or a list of anchors), as YAML 1.1 defines them: the
     * anchored mapping's keys are put in this one, except those it writes itself, and the first of
     * several anchors wins. Done on the whole tree before overrides, so an override of a merged
     * key replaces it as it would a written one.
     */
    private static void merge(Path file, Node node, Set<Node> seen) {
        if (!seen.add(node)) {
            return;
        }
        if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(item -> merge(file, item, seen));
        }
        if (!(node instanceof MappingNode map)) {
            return;
        }
        List<NodeTuple> own = new ArrayList<>();
        List<MappingNode> merged = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            merge(file, t.getValueNode(), seen);
            if (!t.getKeyNode().getTag().equals(org.yaml.snakeyaml.nodes.Tag.MERGE)) {
                own.add(t);
                continue;
            }
            Node v = t.getValueNode();
            List<Node> sources = v instanceof SequenceNode list ? list.getValue() : List.of(v);
            for (Node source : sources) {
                if (!(source instanceof MappingNode m)) {
                    throw new InputError(file + ":" + (source.getStartMark().getLine() + 1), "'<<' merges a mapping into"
                            + " this one: write <<: *name, or a list [*a, *b], naming mappings marked &name");
                }
                merged.add(m);
            }
        }
        if (merged.isEmpty()) {
            return;
        }
        Set<String> written = new java.util.HashSet<>();
        own.forEach(t -> written.add(t.getKeyNode() instanceof ScalarNode k ? k.getValue() : ""));
        List<NodeTuple> out = new ArrayList<>();
        for (MappingNode m : merged) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && written.add(k.getValue())) {
                    out.add(t);
                }
            }
        }
        out.addAll(own);
        map.setValue(out);
    }

    /**
     * Runs a spec parser with {@code overrides} applied; a complaint about the result names the
     * overrides, since the file alone would not explain it.
     */
    static <T> T parseWithOverrides(Map<String, String> overrides, java.util.function.Supplier<T> parse) {
        if (overrides.isEmpty()) {
            return parse.get();
        }
        try {
            return parse.get();
        } catch (InputError e) {
            if (SpecOverrides.isOverride(e.where())) {
                throw e;
            }
            throw new InputError(e.where(), e.detail() + " (with overrides " + overrides + ")", e);
        }
    }

    /** Where {@code n} was written: {@code file:line}, or the override that put it there ({@code --set training.steps=0}). */
    private String at(Node n) {
        String override = SpecOverrides.origin(n);
        return override != null ? override : file + ":" + (n.getStartMark().getLine() + 1);
    }

    InputError error(Node at, String message) {
        return new InputError(at(at), message);
    }

    private InputError errorAt(String key, String message) {
        NodeTuple t = entries.get(key);
        return error(t == null ? node : t.getValueNode(), "'" + qualified(key) + "' " + message);
    }

    String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether the key is written with a value: a YAML null ({@code name: ~}) is as if absent. */
    private boolean given(String key) {
        NodeTuple t = entries.get(key);
        return t != null && !t.getValueNode().getTag().equals(org.yaml.snakeyaml.nodes.Tag.NULL);
    }

    boolean has(String key) {
        known.add(key);
        return given(key);
    }

    /** The keys written in this mapping, in file order (for mappings whose keys are names, not settings). */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    YamlSection section(String key) {
        known.add(key);
        if (!given(key)) {
            throw new InputError(at(node), "missing section '" + qualified(key) + "'");
        }
        return new YamlSection(file, qualified(key), entries.get(key).getValueNode());
    }

    private ScalarNode scalar(String key) {
        NodeTuple t = entries.get(key);
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            throw errorAt(key, "must be a single value");
        }
        return s;
    }

    String string(String key, String fallback) {
        known.add(key);
        return given(key) ? scalar(key).getValue() : fallback;
    }

    /**
     * A value among named choices (a task, a schedule, a split), read as any case writes it:
     * {@code Cosine} is {@code cosine}, as {@code knowledge.semantics} always was; the caller checks
     * it against the choices, which are lower case.
     */
    String choice(String key, String fallback) {
        String value = string(key, fallback);
        return value == null ? null : value.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@link #choice} of a key that must be given. */
    String requiredChoice(String key) {
        return requiredString(key).strip().toLowerCase(java.util.Locale.ROOT);
    }

    String requiredString(String key) {
        known.add(key);
        if (!given(key)) {
            throw new InputError(at(node), "missing key '" + qualified(key) + "'");
        }
        return scalar(key).getValue();
    }

    long integer(String key, long fallback, long min, long max) {
        return integer(key, fallback, min, max, "");
    }

    /** A whole number, or an error naming {@code orElse} too: what else the key takes (" or auto ..."). */
    long integer(String key, long fallback, long min, long max, String orElse) {
        known.add(key);
        if (!given(key)) {
            return fallback;
        }
        String text = scalar(key).getValue();
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw errorAt(key, "must be a whole number" + orElse + ", got '" + text + "'");
        }
        if (v < min || v > max) {
            throw errorAt(key, "must be between " + min + " and " + max + orElse + ", got " + v);
        }
        return v;
    }

    /**
     * A whole number, or empty for {@code auto} (and for a missing key when {@code autoByDefault};
     * otherwise a missing key is {@code fallback}); {@code orElse} says what auto means in errors.
     */
    OptionalLong integerOrAuto(String key, boolean autoByDefault, long fallback, long min, long max, String orElse) {
        String text = string(key, autoByDefault ? "auto" : null);
        if (text != null && text.trim().equals("auto")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(integer(key, fallback, min, max, orElse));
    }

    double number(String key, double fallback, double min, double max) {
        known.add(key);
        if (!given(key)) {
            return fallback;
        }
        String text = scalar(key).getValue();
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw errorAt(key, "must be a number, got '" + text + "'");
        }
        if (!(v >= min && v <= max)) {
            throw errorAt(key, "must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    boolean bool(String key, boolean fallback) {
        known.add(key);
        if (!given(key)) {
            return fallback;
        }
        String text = scalar(key).getValue().trim();
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw errorAt(key, "must be true or false, got '" + text + "'");
        };
    }

    /** Whether the key's value is a list ({@code [a, b]} or one item per line). */
    boolean isList(String key) {
        return given(key) && entries.get(key).getValueNode() instanceof SequenceNode;
    }

    List<String> strings(String key, List<String> fallback) {
        known.add(key);
        if (!given(key)) {
            return fallback;
        }
        Node v = entries.get(key).getValueNode();
        if (!(v instanceof SequenceNode seq)) {
            throw errorAt(key, "must be a list, e.g. [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s)) {
                throw error(item, "items of '" + qualified(key) + "' must be single values");
            }
            out.add(s.getValue());
        }
        return out;
    }

    /**
     * The spec's {@code name}, which begins its run folders' names ({@code runs/NAME-s0-…}): the
     * file's name without {@code .yaml} when absent. One folder name, so that it cannot put a run
     * folder anywhere else: a path separator, {@code .} or {@code ..} is refused at its line.
     */
    String specName(Path specFile) {
        String name = string("name", specFile.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        if (name.isBlank() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.chars().anyMatch(Character::isISOControl)) {
            throw errorAt("name", "names the run folders (NAME-sSEED-…), so it must be one folder name: not empty,"
                    + " '.' or '..', without '/' or '\\', got '" + name + "'");
        }
        return name;
    }

    /**
     * A path the spec gives (an ontology, a rule pack, a data folder), as Kenning opens it: relative
     * to the spec's own folder, and a leading {@code ~/} is the user's home folder, as in a shell.
     * Every path of a spec is resolved here.
     */
    Path path(String text) {
        if (text.equals("~") || text.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), text.substring(1).replaceFirst("^/", "")).normalize();
        }
        return file.toAbsolutePath().getParent().resolve(text).normalize();
    }

    /** The line of a key's value, for messages that come later (e.g. a missing file). */
    String where(String key) {
        NodeTuple t = entries.get(key);
        return at(t == null ? node : t.getValueNode());
    }

    /** Line of item {@code i} of a list-valued key. */
    String whereItem(String key, int i) {
        Node v = entries.get(key).getValueNode();
        Node item = ((SequenceNode) v).getValue().get(i);
        return at(item);
    }

    void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw error(e.getValue().getKeyNode(), "unknown key '" + qualified(e.getKey()) + "'; valid keys here: "
                        + String.join(", ", known));
            }
        }
    }
}
