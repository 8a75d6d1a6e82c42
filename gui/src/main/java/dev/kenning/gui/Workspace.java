package dev.kenning.gui;

import dev.kenning.core.run.RunFolder;
import dev.kenning.core.InputError;
import dev.kenning.workbench.KnowledgeStore;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A workspace folder: {@code experiments/} (specs with their ontologies and rule packs),
 * {@code runs/} (one folder per run), {@code store/} (the TDB2 knowledge store, where runs are
 * recorded too) and {@code shapes/} (SHACL shapes). A new workspace starts with a small free-fall
 * experiment, the repository's few-shot, zero-shot and semi-supervised Fashion-MNIST specs and its
 * MNIST addition spec with their knowledge, so every view has something to show and every spec runs
 * (addition once the digits are in {@code data/digits}: {@code ./kenning data digits --out DIR/data/digits}).
 */
public final class Workspace {
    /** Starter files copied into a new workspace's experiments/ folder (resources under starter/). */
    static final List<String> STARTER = List.of("physics.ttl", "free-fall-scene.ttl", "physics.drl", "free-fall-small.yaml",
            "kenning.ttl", "fashion-attributes.ttl", "attributes.drl", "taxonomy.drl", "disjointness.drl", "labels.drl",
            "groups.drl",
            "fewshot-fashion.yaml", "zeroshot-fashion.yaml", "semisup-fashion.yaml",
            "digits.ttl", "addition.ttl", "formulas.drl", "mnist-addition.yaml");
    /**
     * The repository's own image-task specs name their knowledge as ../kg/ontology/ and ../rules/packs/
     * files; in a workspace those files lie beside the spec.
     */
    private static final List<String> REPOSITORY_FOLDERS = List.of("../kg/ontology/", "../rules/packs/");
    /** Where the repository's specs find the digits ({@code ./kenning data digits}); a workspace keeps them in data/digits. */
    private static final String REPOSITORY_DIGITS = "../.kenning/data/digits";
    static final String DIGITS = "data/digits";
    private static final Object STORE_LOCK = new Object();

    private final Path root;

    private final Workbench workbench;

    private Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
        // decoded image folders where the command line keeps them (KENNING_IMAGE_CACHE, KENNING_CACHE)
        // rule packs are code: Kenning's own and this workspace's run; a pack from elsewhere is refused
        this.workbench = Workbench.create(new WorkbenchConfig(store(), true, WorkbenchConfig.fromEnvironment().imageCache())
                .trustingPacksUnder(List.of(this.root), "copy it into this workspace's folder " + this.root
                        + " (after reading it) and use that copy"));
    }

    /** The workbench runs started here go through: they are recorded in this workspace's store. */
    public Workbench workbench() {
        return workbench;
    }

    /**
     * Opens the workspace in {@code dir}; an empty or missing folder becomes a new workspace
     * with the starter experiments.
     *
     * @throws InputError if {@code dir} is a file, or a non-empty folder that is not a workspace
     */
    public static Workspace openOrCreate(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputError(dir.toString(), "a workspace is a folder, but a file is there");
        }
        Workspace ws = new Workspace(dir);
        try {
            boolean fresh = !Files.isDirectory(dir);
            if (!fresh) {
                try (Stream<Path> s = Files.list(dir)) {
                    fresh = s.findAny().isEmpty();
                }
            }
            if (!fresh && !Files.isDirectory(ws.experiments())) {
                throw new InputError(dir.toString(), "not a Kenning workspace: it has no experiments/ folder"
                        + " (choose an empty folder to create one)");
            }
            Files.createDirectories(ws.experiments());
            Files.createDirectories(ws.runs());
            Files.createDirectories(ws.shapes());
            if (fresh) {
                for (String name : STARTER) {
                    copyResource("starter/" + name, ws.experiments().resolve(name));
                }
                copyResource("starter/kenning-shapes.ttl", ws.shapes().resolve("kenning-shapes.ttl"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the workspace " + dir, e);
        }
        return ws;
    }

    private static void copyResource(String resource, Path target) throws IOException {
        try (InputStream in = Workspace.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("starter file missing from the build: " + resource);
            }
            if (resource.endsWith(".yaml")) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                text = text.replace(REPOSITORY_DIGITS, "../" + DIGITS);
                for (String folder : REPOSITORY_FOLDERS) {
                    text = text.replace(folder, "");
                }
                Files.writeString(target, text);
            } else {
                Files.copy(in, target);
            }
        }
    }

    public Path root() {
        return root;
    }

    public Path experiments() {
        return root.resolve("experiments");
    }

    public Path runs() {
        return root.resolve("runs");
    }

    /** Where the GUI writes the predictions of an exported model on a folder the user chose. */
    public Path predictions() {
        return root.resolve("predictions");
    }

    public Path store() {
        return root.resolve("store");
    }

    public Path shapes() {
        return root.resolve("shapes");
    }

    /** Experiment specs (*.yaml, *.yml) in experiments/, by name. */
    public List<Path> specs() {
        return list(experiments(), p -> p.toString().matches(".*\\.ya?ml$"));
    }

    /** Turtle files in experiments/: what the Turtle editor edits as text. */
    public List<Path> turtleFiles() {
        return list(experiments(), p -> p.toString().endsWith(".ttl"));
    }

    /**
     * Ontology files in experiments/: every file in a syntax Kenning reads (Turtle, RDF/XML,
     * Protégé's OWL/XML, …), what the store holds.
     */
    public List<Path> ontologyFiles() {
        return list(experiments(), p -> Files.isRegularFile(p) && KnowledgeStore.isKnowledgeFile(p));
    }

    /**
     * What an experiment may name as knowledge: the ontology files, then the class × attribute
     * tables in experiments/ (CSV, or a predicate matrix with its names files beside it; not the
     * Drools decision tables the rules editor keeps there too).
     */
    public List<Path> knowledgeFiles() {
        List<Path> all = new ArrayList<>(ontologyFiles());
        all.addAll(list(experiments(), KnowledgeStore::isAttributeTable));
        return all;
    }

    /** DRL rule packs in experiments/. */
    public List<Path> rulePacks() {
        return list(experiments(), p -> p.toString().endsWith(".drl"));
    }

    /** Run folders, newest first (by folder time). */
    public List<Path> runFolders() {
        List<Path> runs = new ArrayList<>(list(runs(), Files::isDirectory));
        runs.sort(Comparator.comparing(Workspace::modified).reversed());
        return runs;
    }

    /** A new run folder name for an experiment: name-sSEED-yyyyMMdd-HHmmss, made unique. */
    public Path newRunFolder(String experiment, long seed) {
        String base = experiment + "-s" + seed + "-" + RunFolder.stamp(java.time.Instant.now());
        Path p = runs().resolve(base);
        for (int i = 2; Files.exists(p); i++) {
            p = runs().resolve(base + "-" + i);
        }
        return p;
    }

    /**
     * Works on the workspace's TDB2 store, opened for this call only: runs record themselves in
     * the same store from the training thread, and a TDB2 folder is closed by whoever opened it.
     */
    public <T> T withStore(Function<KnowledgeStore, T> work) {
        synchronized (STORE_LOCK) {
            try (KnowledgeStore kb = workbench.openWorkspace()) {
                return work.apply(kb);
            }
        }
    }

    /**
     * Imports the ontology files of experiments/ into the store, each as the graph named after it:
     * every one ({@code all}), or those the store does not hold as they are now
     * ({@link KnowledgeStore#loadChanged}), as on opening.
     *
     * @return how many were imported, and of how many
     */
    public Synced syncStore(boolean all) {
        List<Path> files = ontologyFiles();
        int imported = withStore(kb -> {
            if (all) {
                kb.load(files);
                return files.size();
            }
            return kb.loadChanged(files).size();
        });
        return new Synced(imported, files.size());
    }

    /** What {@link #syncStore} did: files imported, of the files there are. */
    public record Synced(int imported, int files) {
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
