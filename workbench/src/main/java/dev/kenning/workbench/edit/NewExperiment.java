package dev.kenning.workbench.edit;

import dev.kenning.core.InputError;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.SpecFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * An experiment started from nothing: the task, the data (a generator or a footage folder for a
 * label-free law; Fashion-MNIST or an image folder for the image tasks), the ontologies and the
 * rule packs, written as a spec with the defaults of the starter specs, and kept only if it loads
 * as a run would load it.
 */
public record NewExperiment(String name, Task task, String data, Path folder, List<Path> ontologies, List<Path> packs,
                            List<String> heldOut) {
    /** The tasks a spec can name. */
    public enum Task {
        LABEL_FREE("label-free law (sequence regression)", null), FEW_SHOT("few-shot", "few-shot"),
        ZERO_SHOT("zero-shot", "zero-shot"), SEMI_SUPERVISED("semi-supervised", "semi-supervised");

        public final String title;
        final String key;

        Task(String title, String key) {
            this.title = title;
            this.key = key;
        }

        /** The data a task of this kind reads: generators (and folder) or datasets. */
        public List<String> sources() {
            return this == LABEL_FREE ? List.copyOf(ExperimentSpec.GENERATORS.keySet()) : List.of("fashion-mnist", "folder");
        }

        @Override
        public String toString() {
            return title;
        }
    }

    public NewExperiment {
        if (name == null || !name.strip().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new InputError("name", "'" + name + "' cannot name a spec file: letters, digits, '.', '_' and '-'");
        }
        name = name.strip();
        if (task == null) {
            throw new InputError("task", "choose a task");
        }
        if (data == null || !task.sources().contains(data)) {
            throw new InputError("data", "a " + task.title + " experiment reads one of " + task.sources() + ", not '" + data + "'");
        }
        if (data.equals("folder") && folder == null) {
            throw new InputError("data", "choose the folder the data is in");
        }
        // A table names the classes of the ontologies before it: ontologies first, tables after, each in the order chosen.
        ontologies = ontologies.stream().sorted(java.util.Comparator.comparing(dev.kenning.kg.AttributeTable::isTable)).toList();
        packs = List.copyOf(packs);
        heldOut = List.copyOf(heldOut);
        if (ontologies.isEmpty() || packs.isEmpty()) {
            throw new InputError("knowledge", "choose at least one ontology and one rule pack: the rules derive the constraints from them");
        }
    }

    /** The spec's YAML for a spec file in {@code dir} (the knowledge named relative to it where it lies there). */
    public String yaml(Path dir) {
        StringBuilder y = new StringBuilder("# Made with New experiment in the desktop workbench; every key: docs/spec-reference.md\n");
        y.append("name: ").append(name).append("\nseed: 0\n");
        if (task.key != null) {
            y.append("task: ").append(task.key).append('\n');
        }
        y.append("\nknowledge:\n  ontologies:\n");
        ontologies.forEach(p -> y.append("    - ").append(relative(dir, p)).append('\n'));
        y.append("  rules:\n");
        packs.forEach(p -> y.append("    - ").append(relative(dir, p)).append('\n'));
        y.append("\ndata:\n");
        if (task == Task.LABEL_FREE) {
            y.append("  generator: ").append(data).append('\n');
            if (folder != null) {
                y.append("  path: ").append(relative(dir, folder)).append('\n');
            }
            y.append("\ntraining:\n  steps: 400\n  log_every: 25\n");
        } else {
            y.append("  dataset: ").append(data).append('\n');
            if (folder != null) {
                y.append("  path: ").append(relative(dir, folder)).append('\n');
            }
            if (task == Task.SEMI_SUPERVISED) {
                y.append("  labelled: 100\n");
            } else {
                y.append("  held_out: ").append(heldOutYaml(dir)).append('\n');
            }
            y.append("\ntraining:\n  steps: 400\n  log_every: 50\n");
        }
        return y.toString();
    }

    /**
     * The held-out classes as the spec writes them: a file naming one per line when the one entry
     * given is a file (AwA2's testclasses.txt, beside the spec or a path), else the names as a
     * list, each quoted so that any name (with a colon, a bracket, a quote) stays one name.
     */
    private String heldOutYaml(Path dir) {
        if (heldOut.size() == 1) {
            Path f = dir.resolve(heldOut.get(0));
            if (Files.isRegularFile(f)) {
                return relative(dir, f);
            }
        }
        List<String> quoted = heldOut.stream().map(n -> "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList();
        return "[" + String.join(", ", quoted) + "]";
    }

    /**
     * The held-out classes as typed in one field: separated by commas when there is one (so a name
     * may hold spaces, "killer whale"), else by spaces.
     */
    public static List<String> heldOutOf(String typed) {
        String[] parts = typed.contains(",") ? typed.split(",") : typed.trim().split("\\s+");
        return java.util.Arrays.stream(parts).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String relative(Path dir, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        return abs.startsWith(d) ? d.relativize(abs).toString() : abs.toString();
    }

    /**
     * Writes {@code dir/NAME.yaml} if it loads as a run would load it; returns the file.
     *
     * @throws InputError naming the key if it does not load, or if the file exists (nothing is written)
     */
    public Path write(Path dir) {
        Path target = dir.resolve(name + ".yaml");
        if (Files.exists(target)) {
            throw new InputError(target.toString(), "exists already: choose another name");
        }
        Path draft = dir.resolve("." + name + ".new.yaml");
        try {
            Files.writeString(draft, yaml(dir));
            try {
                SpecFile.load(draft);
            } catch (InputError e) {
                throw new InputError("new experiment '" + name + "'", e.getMessage().replace(draft.getFileName().toString(), name + ".yaml"));
            }
            Files.move(draft, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new InputError(target.toString(), "cannot write: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(draft);
            } catch (IOException ignored) {
                // a draft left behind is hidden and harmless
            }
        }
    }

    /** A task by its title or key, for forms. */
    public static Task task(String text) {
        for (Task t : Task.values()) {
            if (t.title.equalsIgnoreCase(text) || t.name().equalsIgnoreCase(text.replace('-', '_')) || text.toLowerCase(Locale.ROOT).equals(t.key)) {
                return t;
            }
        }
        throw new InputError("task", "'" + text + "' is not a task");
    }
}
