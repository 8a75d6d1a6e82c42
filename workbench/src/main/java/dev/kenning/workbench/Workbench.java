package dev.kenning.workbench;

import dev.kenning.constraints.Constraint;
import dev.kenning.constraints.ConstraintRegistry;
import dev.kenning.constraints.NativeBackend;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.datasets.FreeFallVideoConfig;
import dev.kenning.datasets.FreeFallVideoGenerator;
import dev.kenning.datasets.Video;
import dev.kenning.datasets.VideoFolderWriter;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.learner.Correlation;
import dev.kenning.learner.HistoryRow;
import dev.kenning.learner.LossTerm;
import dev.kenning.learner.ModelSpec;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.SequenceTrainer;
import dev.kenning.learner.TrainSettings;
import dev.kenning.learner.TrainingDivergedException;
import dev.kenning.rules.RuleBook;
import dev.kenning.rules.facts.GraphFacts;
import dev.kenning.workbench.spec.ExperimentSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an experiment end to end: knowledge graph → rules → constraints → data → training →
 * evaluation → run directory. Everything a user can get wrong in the inputs is checked before
 * the run directory is created, so a bad spec, ontology or rule pack leaves nothing behind.
 */
public final class Workbench {
    private static final ConstraintRegistry REGISTRY = ConstraintRegistry.standard();

    private Workbench() {
    }

    /** Loads the spec's ontologies, compiles its rule packs and derives the constraints. */
    public static DerivedKnowledge derive(ExperimentSpec spec) {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        Map<Path, String> ontologyHashes = new LinkedHashMap<>();
        for (Path p : spec.knowledge().ontologies()) {
            kb.load(p);
            ontologyHashes.put(p, sha256(p));
        }
        Map<Path, String> ruleHashes = new LinkedHashMap<>();
        for (Path p : spec.knowledge().rules()) {
            ruleHashes.put(p, sha256(p));
        }
        RuleBook book = RuleBook.compile(spec.knowledge().rules());
        List<ConstraintSpec> constraints = book.derive(GraphFacts.extract(kb));
        return new DerivedKnowledge(constraints, ontologyHashes, ruleHashes, kb.size());
    }

    /** The loss terms for the derived constraints; unknown kinds and bad bindings are errors here. */
    public static List<LossTerm> lossTerms(ExperimentSpec spec, List<ConstraintSpec> constraints, String output) {
        if (constraints.isEmpty()) {
            throw new InputError(spec.source().toString(), "the rules derived no constraints from the knowledge"
                    + " (is an observation governed by a law, and does a rule match it?): a label-free run has"
                    + " nothing to learn from");
        }
        List<LossTerm> terms = new ArrayList<>();
        for (ConstraintSpec c : constraints) {
            Constraint constraint = REGISTRY.create(c);
            if (!constraint.binding().equals(output)) {
                throw new InputError("rule '" + c.provenance().rule() + "'", "constraint '" + c.kind()
                        + "' binds output '" + constraint.binding() + "', but the " + spec.data().generator()
                        + " model predicts '" + output + "'");
            }
            if (c.params().containsKey("dt")) {
                double dt = c.param("dt");
                double specDt = 1.0 / spec.data().fps();
                if (Math.abs(dt - specDt) > 1e-9 * Math.max(1, specDt)) {
                    throw new InputError(spec.source().toString(), "data.fps is " + spec.data().fps()
                            + " but the knowledge graph's frame rate gives dt = " + dt + " s (" + (1 / dt)
                            + " fps) for '" + c.kind() + "'; make them agree");
                }
            }
            String name = c.kind();
            int n = 2;
            while (true) {
                String candidate = name;
                if (terms.stream().noneMatch(t -> t.name().equals(candidate))) {
                    break;
                }
                name = c.kind() + "-" + n++;
            }
            terms.add(LossTerm.of(name, c.weight(), constraint));
        }
        return terms;
    }

    /**
     * Runs the experiment into {@code out}. All inputs are checked before {@code out} is created;
     * after that, a failure leaves {@code out/status.json} saying so and no metrics.json.
     */
    public static RunResult run(ExperimentSpec spec, Path out, RunListener listener) {
        long t0 = System.nanoTime();
        NativeBackend.select();
        listener.onStage("deriving constraints from " + spec.knowledge().ontologies().size() + " ontology file(s) and "
                + spec.knowledge().rules().size() + " rule pack(s)");
        DerivedKnowledge knowledge = derive(spec);
        String output = "height";
        List<LossTerm> terms = lossTerms(spec, knowledge.constraints(), output);
        FreeFallVideoConfig videoConfig = videoConfig(spec);
        RunDirectory dir = RunDirectory.create(out);
        try {
            dir.writeSpec(spec);
            dir.writeConstraints(knowledge);
            RunResult result = train(spec, dir, knowledge, terms, videoConfig, listener, t0);
            dir.markCompleted((System.nanoTime() - t0) / 1e9);
            return result;
        } catch (RuntimeException | Error e) {
            dir.markFailed(e);
            throw e;
        }
    }

    private static RunResult train(ExperimentSpec spec, RunDirectory dir, DerivedKnowledge knowledge, List<LossTerm> terms,
                                   FreeFallVideoConfig videoConfig, RunListener listener, long t0) {
        FreeFallVideoGenerator generator = new FreeFallVideoGenerator(videoConfig);
        listener.onStage("generating " + spec.data().trainVideos() + " training and " + spec.data().testVideos()
                + " test videos (" + videoConfig.frames() + " frames at " + videoConfig.fps() + " fps, "
                + videoConfig.width() + "x" + videoConfig.height() + ")");
        List<Video> train;
        try {
            train = generator.generate(spec.seed(), 0, spec.data().trainVideos());
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source() + ": data", e.getMessage());
        }
        List<Video> test = testVideos(spec, generator, spec.data().testVideos());
        double outputInit = Double.isNaN(spec.model().outputInit()) ? spec.data().sceneHeight() / 2 : spec.model().outputInit();
        ModelSpec modelSpec = new ModelSpec(spec.model().convChannels(), spec.model().dense(), "height", outputInit);
        TrainSettings settings = new TrainSettings(spec.training().steps(), spec.training().batchVideos(),
                spec.training().learningRate(), spec.seed(), spec.training().logEvery(), spec.training().checkpointEvery());
        double[][] truth = test.stream().map(Video::truth).toArray(double[][]::new);
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, List<HistoryRow>> history = new LinkedHashMap<>();
        Map<String, double[][]> predictions = new LinkedHashMap<>();

        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase("label_free", terms));
        if (spec.training().supervisedBaseline()) {
            phases.add(new Phase("supervised", List.of(LossTerm.supervised("height"))));
        }
        for (Phase phase : phases) {
            listener.onStage("training " + phase.name.replace('_', '-') + " (" + phase.terms.stream().map(LossTerm::name).toList() + ")");
            SequenceRegressor model = SequenceRegressor.create(modelSpec, 3, videoConfig.height(), videoConfig.width(), spec.seed());
            SequenceTrainer.Trained trained;
            try {
                trained = new SequenceTrainer(settings).train(phase.name, model, train, phase.terms, listener);
            } catch (TrainingDivergedException e) {
                model.save(dir.path().resolve("checkpoints").resolve(phase.name + "-step" + e.checkpointStep() + ".sdz").toFile());
                throw e;
            }
            history.put(phase.name, trained.history());
            dir.saveModel(phase.name, model);
            double[][] predicted = model.predict(test);
            predictions.put(phase.name, predicted);
            double[] r = Correlation.perSequence(predicted, truth);
            metrics.put(phase.name + ".test_corr", Correlation.mean(r));
            metrics.put(phase.name + ".test_corr_min", java.util.Arrays.stream(r).min().orElse(Double.NaN));
            List<Video> trainSample = train.subList(0, Math.min(train.size(), spec.data().testVideos()));
            double[][] trainTruth = trainSample.stream().map(Video::truth).toArray(double[][]::new);
            metrics.put(phase.name + ".train_corr", Correlation.mean(Correlation.perSequence(model.predict(trainSample), trainTruth)));
            metrics.put(phase.name + ".train_seconds", trained.secondsTraining());
            metrics.put(phase.name + ".steps_per_second", spec.training().steps() / trained.secondsTraining());
            if (trained.cancelled()) {
                throw new IllegalStateException(phase.name + " was cancelled");
            }
        }
        metrics.put("test_videos", (double) test.size());
        metrics.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        listener.onStage("writing history, plots and metrics to " + dir.path());
        dir.writeHistory(history);
        RunPlots.trajectories(dir.path().resolve("trajectories.png"), test, predictions, videoConfig.fps(),
                spec.evaluation().plotVideos(), metrics);
        RunPlots.losses(dir.path().resolve("losses.png"), history);
        dir.writeMetrics(metrics);
        return new RunResult(dir.path(), metrics);
    }

    private record Phase(String name, List<LossTerm> terms) {
    }

    private static FreeFallVideoConfig videoConfig(ExperimentSpec spec) {
        try {
            return new FreeFallVideoConfig(spec.data().frames(), spec.data().fps(), spec.data().imageSize(),
                    spec.data().imageSize(), spec.data().sceneHeight(), spec.data().gravity());
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source() + ": data", e.getMessage());
        }
    }

    /** Test videos come from a stream of their own for the seed: never seen in training. */
    private static List<Video> testVideos(ExperimentSpec spec, FreeFallVideoGenerator generator, int count) {
        try {
            return generator.generate(spec.seed() + 1_000_000_007L, 0, count);
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source() + ": data", e.getMessage());
        }
    }

    /**
     * Writes the first {@code count} test videos of the experiment (the ones its evaluation
     * uses) as PNG frames plus labels.csv, for a person to look at.
     */
    public static Path saveTestVideos(ExperimentSpec spec, Path out, int count) {
        FreeFallVideoGenerator generator = new FreeFallVideoGenerator(videoConfig(spec));
        VideoFolderWriter.write(testVideos(spec, generator, count), out);
        return out;
    }

    /** Knowledge files are small; hashing them whole keeps this simple. */
    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
