package dev.kenning.workbench.spec;

import dev.kenning.core.InputError;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment, as written in YAML: which knowledge to load, which data to make, which model,
 * how to train and evaluate. Paths in the file are relative to the file's folder. Immutable;
 * {@link #withSeed(long)} gives the same experiment with another seed.
 */
public record ExperimentSpec(Path source, String name, long seed, Knowledge knowledge, Data data, Model model,
                             Training training, Evaluation evaluation) {

    /** Ontology files (Turtle, N-Triples, RDF/XML, JSON-LD) and DRL rule packs. */
    public record Knowledge(List<Path> ontologies, List<Path> rules) {
    }

    /** A generated dataset: {@code generator} names it; sizes in videos; frames per video. */
    public record Data(String generator, int trainVideos, int testVideos, int frames, double fps, int imageSize,
                       double sceneHeight, double gravity) {
    }

    public record Model(List<Integer> convChannels, int dense, double outputInit) {
    }

    public record Training(int steps, int batchVideos, double learningRate, int logEvery, int checkpointEvery,
                           boolean supervisedBaseline) {
    }

    public record Evaluation(int plotVideos) {
    }

    public ExperimentSpec withSeed(long newSeed) {
        return new ExperimentSpec(source, name, newSeed, knowledge, data, model, training, evaluation);
    }

    public static ExperimentSpec load(Path file) {
        Node root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
        } catch (NoSuchFileException e) {
            throw new InputError(file.toString(), "experiment spec not found");
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read: " + e.getMessage());
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new InputError(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1),
                    "not valid YAML: " + e.getProblem());
        }
        if (root == null) {
            throw new InputError(file.toString(), "the experiment spec is empty");
        }
        Path dir = file.toAbsolutePath().getParent();
        YamlSection top = new YamlSection(file, "", root);
        String name = top.string("name", file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        long seed = top.integer("seed", 0, 0, Long.MAX_VALUE);

        YamlSection k = top.section("knowledge");
        List<Path> ontologies = files(k, "ontologies", dir);
        List<Path> rules = files(k, "rules", dir);
        k.finish();

        YamlSection d = top.section("data");
        String generator = d.requiredString("generator");
        if (!generator.equals("free-fall")) {
            throw d.error(root, "data.generator '" + generator + "' is not known; valid: free-fall");
        }
        Data data = new Data(generator,
                (int) d.integer("train_videos", 256, 1, 1_000_000),
                (int) d.integer("test_videos", 48, 2, 1_000_000),
                (int) d.integer("frames", 12, 3, 1000),
                d.number("fps", 15, 1e-3, 1e4),
                (int) d.integer("image_size", 32, 16, 512),
                d.number("scene_height_m", 3.0, 1e-3, 1e6),
                d.number("true_gravity", 9.81, 1e-3, 1e4));
        d.finish();

        Model model = new Model(List.of(16, 32, 32), 64, Double.NaN);
        if (top.has("model")) {
            YamlSection m = top.section("model");
            List<Integer> channels = new ArrayList<>();
            List<String> raw = m.strings("conv_channels", List.of("16", "32", "32"));
            for (String c : raw) {
                try {
                    channels.add(Integer.parseInt(c.trim()));
                } catch (NumberFormatException e) {
                    throw new InputError(m.where("conv_channels"), "'model.conv_channels' must list whole numbers, got '" + c + "'");
                }
            }
            model = new Model(channels, (int) m.integer("dense", 64, 1, 1 << 16),
                    m.number("output_init", Double.NaN, -1e9, 1e9));
            m.finish();
        }

        Training training = new Training(200, 8, 1e-3, 25, 100, true);
        if (top.has("training")) {
            YamlSection t = top.section("training");
            training = new Training((int) t.integer("steps", 200, 1, 10_000_000),
                    (int) t.integer("batch_videos", 8, 1, 100_000),
                    t.number("learning_rate", 1e-3, 1e-9, 10),
                    (int) t.integer("log_every", 25, 1, 1_000_000),
                    (int) t.integer("checkpoint_every", 100, 1, 1_000_000),
                    t.bool("supervised_baseline", true));
            t.finish();
        }
        if (training.batchVideos() > data.trainVideos()) {
            throw new InputError(file.toString(), "training.batch_videos (" + training.batchVideos()
                    + ") exceeds data.train_videos (" + data.trainVideos() + ")");
        }
        Evaluation evaluation = new Evaluation(4);
        if (top.has("evaluation")) {
            YamlSection e = top.section("evaluation");
            evaluation = new Evaluation((int) e.integer("plot_videos", 4, 0, 64));
            e.finish();
        }
        top.finish();
        return new ExperimentSpec(file, name, seed, new Knowledge(ontologies, rules), data, model, training, evaluation);
    }

    private static List<Path> files(YamlSection s, String key, Path dir) {
        List<String> names = s.strings(key, List.of());
        if (names.isEmpty()) {
            throw new InputError(s.where(key), "'" + s.qualified(key) + "' must list at least one file");
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Path p = dir.resolve(names.get(i)).normalize();
            if (!Files.isRegularFile(p)) {
                throw new InputError(s.whereItem(key, i), "file not found: " + p);
            }
            out.add(p);
        }
        return out;
    }

    /** The spec with every default filled in, as plain maps for writing back to YAML. */
    public Map<String, Object> resolved() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("seed", seed);
        m.put("knowledge", Map.of("ontologies", knowledge.ontologies().stream().map(Path::toString).toList(),
                "rules", knowledge.rules().stream().map(Path::toString).toList()));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("generator", data.generator());
        d.put("train_videos", data.trainVideos());
        d.put("test_videos", data.testVideos());
        d.put("frames", data.frames());
        d.put("fps", data.fps());
        d.put("image_size", data.imageSize());
        d.put("scene_height_m", data.sceneHeight());
        d.put("true_gravity", data.gravity());
        m.put("data", d);
        Map<String, Object> mo = new LinkedHashMap<>();
        mo.put("conv_channels", model.convChannels());
        mo.put("dense", model.dense());
        if (!Double.isNaN(model.outputInit())) {
            mo.put("output_init", model.outputInit());
        }
        m.put("model", mo);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("steps", training.steps());
        t.put("batch_videos", training.batchVideos());
        t.put("learning_rate", training.learningRate());
        t.put("log_every", training.logEvery());
        t.put("checkpoint_every", training.checkpointEvery());
        t.put("supervised_baseline", training.supervisedBaseline());
        m.put("training", t);
        m.put("evaluation", Map.of("plot_videos", evaluation.plotVideos()));
        return m;
    }
}
