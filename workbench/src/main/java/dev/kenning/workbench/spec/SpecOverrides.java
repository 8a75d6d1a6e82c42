package dev.kenning.workbench.spec;

import dev.kenning.core.InputError;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Values that replace (or add to) a spec's own before it is read, by key path:
 * {@code training.steps → 40}. They go into the YAML tree, so they are checked exactly as if
 * the file said them (a notebook's small CI settings, for instance).
 */
final class SpecOverrides {
    private SpecOverrides() {
    }

    /** How a complaint names an override, as the command line takes it: {@code --set training.steps=0}. */
    static String said(String path, String value) {
        return SAID + path + "=" + value;
    }

    private static final String SAID = "--set ";

    /** Whether a complaint's place is an override rather than a line of the file. */
    static boolean isOverride(String where) {
        return where.startsWith(SAID);
    }

    /** What put {@code node} in the tree: the override that made it, or null for the file's own. */
    static String origin(Node node) {
        String name = node.getStartMark().getName();
        return isOverride(name) ? name : null;
    }

    static void apply(Path file, Node root, Map<String, String> overrides) {
        overrides.forEach((path, value) -> {
            // every node an override makes carries it in its mark, so a complaint names it, not a line of the file
            Mark said = new Mark(said(path, value), 0, 0, 0, new int[0], 0);
            String[] keys = path.split("\\.", -1);
            Node node = root;
            for (int i = 0; i < keys.length; i++) {
                String key = keys[i];
                if (key.isBlank()) {
                    throw new InputError(said.getName(), "a key path is names joined by dots, e.g. training.steps");
                }
                if (!(node instanceof MappingNode map)) {
                    throw new InputError(said.getName(), "'" + String.join(".", List.of(keys).subList(0, i))
                            + "' holds a value, not a section of keys");
                }
                List<NodeTuple> tuples = map.getValue();
                int at = indexOf(tuples, key);
                boolean last = i == keys.length - 1;
                if (at < 0) {
                    // a new section is placed where its parent is, as a new value is: a complaint about it names that line
                    Node child = last ? value(value, said) : new MappingNode(Tag.MAP, true, new ArrayList<>(), said, said,
                            DumperOptions.FlowStyle.BLOCK);
                    tuples.add(new NodeTuple(scalar(key, said), child));
                    node = child;
                } else if (last) {
                    NodeTuple old = tuples.get(at);
                    tuples.set(at, new NodeTuple(old.getKeyNode(), value(value, said)));
                } else {
                    node = tuples.get(at).getValueNode();
                }
            }
        });
    }

    private static int indexOf(List<NodeTuple> tuples, String key) {
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** An override's value: a list written as YAML's {@code [a, b]}, else the text as one value. */
    private static Node value(String text, Mark said) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            List<Node> items = new ArrayList<>();
            String inner = t.substring(1, t.length() - 1).strip();
            if (!inner.isEmpty()) {
                for (String item : inner.split(",", -1)) {
                    items.add(scalar(item.strip(), said));
                }
            }
            return new org.yaml.snakeyaml.nodes.SequenceNode(Tag.SEQ, true, items, said, said, DumperOptions.FlowStyle.FLOW);
        }
        return scalar(text, said);
    }

    private static ScalarNode scalar(String text, Mark said) {
        return new ScalarNode(Tag.STR, text, said, said, DumperOptions.ScalarStyle.PLAIN);
    }
}
