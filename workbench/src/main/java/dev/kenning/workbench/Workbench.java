package dev.kenning.workbench;

import dev.kenning.constraints.Constraint;
import dev.kenning.constraints.ConstraintRegistry;
import dev.kenning.engine.NativeBackend;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.constraints.LinearLawConstraint;
import dev.kenning.datasets.ImageSequenceFolder;
import dev.kenning.datasets.Video;
import dev.kenning.datasets.VideoGenerator;
import dev.kenning.datasets.VideoFolderWriter;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.kg.wordnet.WordNetHierarchy;
import dev.kenning.kg.wordnet.WordNetHypernyms;
import dev.kenning.core.HistoryRow;
import dev.kenning.learner.LossTerm;
import dev.kenning.learner.ModelSpec;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.SequenceTrainer;
import dev.kenning.learner.TrainSettings;
import dev.kenning.learner.TrackingScores;
import dev.kenning.core.TrainingDivergedException;
import dev.kenning.rules.RuleBook;
import dev.kenning.rules.facts.ClassFacts;
import dev.kenning.rules.facts.GraphFacts;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;

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

    /**
     * Loads the spec's ontologies (or, with {@code knowledge.endpoint}, reads a shared SPARQL
     * endpoint instead), compiles its rule packs and derives the constraints from the graph's
     * facts: observations and laws, and classes with their hierarchy, disjointness and attributes.
     */
    public static DerivedKnowledge derive(SpecFile spec) {
        return derive(spec.knowledgeSources());
    }

    /** The same for any experiment's knowledge sources. */
    public static DerivedKnowledge derive(ExperimentSpec.Knowledge sources) {
        String endpoint = sources.endpoint();
        Map<Path, String> ontologyHashes = new LinkedHashMap<>();
        Map<Path, String> ruleHashes = new LinkedHashMap<>();
        for (Path p : sources.rules()) {
            ruleHashes.put(p, sha256(p));
        }
        try (KnowledgeBase kb = endpoint == null ? KnowledgeBase.inMemory() : KnowledgeBase.remote(endpoint)) {
            List<String> wordNetSenses = new ArrayList<>();
            if (endpoint == null) {
                for (Path p : sources.ontologies()) {
                    kb.load(p);
                    ontologyHashes.put(p, sha256(p));
                }
                if (sources.wordNet() != null) {
                    try (WordNetHypernyms wordNet = WordNetHypernyms.open()) {
                        WordNetHierarchy hierarchy = wordNet.hierarchyOfLabels(kb, sources.wordNet());
                        kb.importModel(hierarchy.model(), WordNetHypernyms.GRAPH);
                        hierarchy.matches().forEach(m -> wordNetSenses.add(m.toString()));
                    }
                }
            }
            RuleBook book = RuleBook.compile(sources.rules());
            List<Object> facts = new ArrayList<>(GraphFacts.extract(kb));
            facts.addAll(ClassFacts.extract(kb));
            List<ConstraintSpec> constraints = book.derive(facts);
            return new DerivedKnowledge(constraints, ontologyHashes, ruleHashes, kb.size(), endpoint, wordNetSenses);
        } catch (InputError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("knowledge base: " + e.getMessage(), e);
        }
    }

    /** The loss terms for the derived constraints; unknown kinds and bad bindings are errors here. */
    public static List<LossTerm> lossTerms(ExperimentSpec spec, List<ConstraintSpec> constraints, String output) {
        if (constraints.isEmpty()) {
            throw new InputError(spec.source().toString(), "the rules derived no constraints from the knowledge"
                    + " (is an observation governed by a law, and does a rule match it?): a label-free run has"
                    + " nothing to learn from");
        }
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        constraints.forEach(c -> kinds.add(c.kind()));
        for (String kind : spec.knowledge().weights().keySet()) {
            if (!kinds.contains(kind)) {
                throw new InputError(spec.source().toString(), "'knowledge.weights' gives a weight to '" + kind
                        + "', but the rules derived no constraint of that kind; they derived " + kinds);
            }
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
            terms.add(LossTerm.of(name, spec.knowledge().weights().getOrDefault(c.kind(), c.weight()), constraint));
        }
        return terms;
    }

    /** The one model output the constraints bind (Kenning's regressors predict one quantity). */
    public static String boundOutput(ExperimentSpec spec, List<ConstraintSpec> constraints) {
        java.util.Set<String> outputs = new java.util.TreeSet<>();
        constraints.forEach(c -> outputs.addAll(c.bindings()));
        if (outputs.size() != 1) {
            throw new InputError(spec.source().toString(), "the derived constraints bind " + (outputs.isEmpty() ? "no output"
                    : "several outputs " + outputs) + "; a regression experiment needs exactly one (k:modelOutput)");
        }
        return outputs.iterator().next();
    }

    /** Runs a spec of either kind into {@code out}: an image task through {@link ImageExperiment}. */
    public static RunResult run(SpecFile spec, Path out, RunListener listener) {
        return spec instanceof ImageTaskSpec task ? ImageExperiment.run(task, out, listener)
                : run((ExperimentSpec) spec, out, listener);
    }

    /**
     * Runs the experiment into {@code out}. All inputs are checked before {@code out} is created;
     * after that, a failure leaves {@code out/status.json} saying so and no metrics.json.
     */
    public static RunResult run(ExperimentSpec spec, Path out, RunListener listener) {
        long t0 = System.nanoTime();
        NativeBackend.select();
        listener.onStage("deriving constraints from " + (spec.knowledge().endpoint() == null
                ? spec.knowledge().ontologies().size() + " ontology file(s)" : "the SPARQL endpoint " + spec.knowledge().endpoint())
                + " and " + spec.knowledge().rules().size() + " rule pack(s)");
        DerivedKnowledge knowledge = derive(spec);
        String output = boundOutput(spec, knowledge.constraints());
        List<LossTerm> terms = lossTerms(spec, knowledge.constraints(), output);
        listener.onStage("preparing data");
        ExperimentData data = ExperimentData.prepare(spec);
        listener.onStage(data.description());
        if (data.train().size() < spec.training().batchVideos()) {
            listener.onStage("training.batch_videos lowered from " + spec.training().batchVideos() + " to the "
                    + data.train().size() + " training windows there are");
        }
        RunDirectory dir = RunDirectory.create(out);
        try {
            dir.writeSpec(spec);
            dir.writeConstraints(knowledge);
            RunResult result = train(spec, dir, knowledge, output, terms, data, listener, t0);
            dir.markCompleted((System.nanoTime() - t0) / 1e9);
            return result;
        } catch (RunCancelledException e) {
            dir.markCancelled(e.getMessage());
            dev.kenning.workbench.registry.RunCompletion.cancelled(dir.path(), listener);
            throw e;
        } catch (RuntimeException | Error e) {
            dir.markFailed(e);
            throw e;
        }
    }

    private static RunResult train(ExperimentSpec spec, RunDirectory dir, DerivedKnowledge knowledge, String output,
                                   List<LossTerm> terms, ExperimentData data, RunListener listener, long t0) {
        boolean signFixed = knowledge.constraints().stream().map(REGISTRY::create)
                .anyMatch(c -> c instanceof LinearLawConstraint law && law.fixesSign());
        ModelSpec modelSpec = new ModelSpec(spec.model().convChannels(), spec.model().dense(), output,
                outputInit(spec, knowledge.constraints()));
        TrainSettings settings = new TrainSettings(spec.training().steps(),
                Math.min(spec.training().batchVideos(), data.train().size()),
                spec.training().learningRate(), spec.seed(), spec.training().logEvery(), spec.training().checkpointEvery());
        List<Video> test = data.test();
        double[][] truth = test.stream().map(Video::truth).toArray(double[][]::new);
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, List<HistoryRow>> history = new LinkedHashMap<>();
        Map<String, double[][]> predictions = new LinkedHashMap<>();

        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase("label_free", terms));
        if (spec.training().supervisedBaseline()) {
            if (data.trainFullyLabelled()) {
                phases.add(new Phase("supervised", List.of(LossTerm.supervised(output))));
            } else {
                listener.onStage("no supervised baseline: not every training frame has a label");
            }
        }
        int size = spec.data().imageSize();
        for (Phase phase : phases) {
            listener.onStage("training " + phase.name.replace('_', '-') + " (" + phase.terms.stream().map(LossTerm::name).toList() + ")");
            SequenceRegressor model = SequenceRegressor.create(modelSpec, 3, size, size, spec.seed());
            SequenceTrainer.Trained trained;
            try {
                trained = new SequenceTrainer(settings).train(phase.name, model, data.train(), phase.terms, listener);
            } catch (TrainingDivergedException e) {
                dir.saveCheckpoint(phase.name + "-step" + e.checkpointStep(), model);
                throw e;
            }
            history.put(phase.name, trained.history());
            dir.saveModel(phase.name, model);
            if (trained.cancelled()) {
                throw new RunCancelledException(phase.name + " was cancelled at step "
                        + trained.history().stream().mapToInt(HistoryRow::step).max().orElse(0) + " of " + settings.steps());
            }
            double[][] predicted = model.predict(test);
            predictions.put(phase.name, predicted);
            // The supervised model is taught the sign; only the label-free one can mirror it.
            TrackingScores scores = TrackingScores.of(predicted, truth, spec.data().window(),
                    signFixed || phase.name.equals("supervised"));
            metrics.put(phase.name + ".test_corr", scores.testCorr());
            metrics.put(phase.name + ".test_corr_min", scores.testCorrMin());
            metrics.put(phase.name + ".window_abs_r", scores.windowAbsR());
            metrics.put(phase.name + ".global_r", scores.globalR());
            metrics.put(phase.name + ".train_seconds", trained.secondsTraining());
            metrics.put(phase.name + ".steps_per_second", spec.training().steps() / trained.secondsTraining());
            metrics.put("labelled_test_frames", (double) scores.labelledFrames());
        }
        metrics.put("test_sequences", (double) test.size());
        metrics.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        listener.onStage("writing history, plots and metrics to " + dir.path());
        dir.writeHistory(history);
        RunPlots.trajectories(dir.path().resolve("trajectories.png"), test, predictions, spec.data().fps(),
                spec.evaluation().plotVideos(), metrics, output, signFixed);
        RunPlots.losses(dir.path().resolve("losses.png"), history);
        dir.writeMetrics(metrics);
        dev.kenning.workbench.registry.RunCompletion.finish(dir.path(), listener);
        return new RunResult(dir.path(), metrics);
    }

    /** Start the output in the middle of its range if the knowledge gives one, else at 0. */
    private static double outputInit(ExperimentSpec spec, List<ConstraintSpec> constraints) {
        if (!Double.isNaN(spec.model().outputInit())) {
            return spec.model().outputInit();
        }
        return constraints.stream().filter(c -> c.kind().equals("range"))
                .mapToDouble(c -> (c.param("min") + c.param("max")) / 2).findFirst().orElse(0);
    }

    private record Phase(String name, List<LossTerm> terms) {
    }

    /**
     * Writes the first {@code count} test videos of a synthetic experiment (the ones its evaluation
     * uses) as frames plus labels.csv, for a person to look at or to try the footage path on.
     *
     * @param frames,width,height null for the spec's own
     * @param format "png" or "jpg"
     */
    public static Path saveTestVideos(ExperimentSpec spec, Path out, int count, Integer frames, Integer width,
                                      Integer height, String format) {
        ExperimentSpec.Data d = spec.data();
        if (d.isFolder()) {
            throw new InputError(spec.source().toString(), "videos can be saved from a generator; this spec reads a folder");
        }
        VideoGenerator generator = ExperimentData.generator(spec, frames == null ? d.frames() : frames,
                width == null ? d.imageSize() : width, height == null ? d.imageSize() : height);
        try {
            VideoFolderWriter.write(ExperimentData.testVideos(spec, generator, count), out, format);
        } catch (IllegalArgumentException e) {
            throw new InputError("--format", e.getMessage());
        }
        return out;
    }

    /** The held-out test sequences of an experiment, exactly as its runs evaluate on them. */
    public static List<Video> testSequences(ExperimentSpec spec) {
        return ExperimentData.prepare(spec).test();
    }

    /** What a sequence folder holds and how long reading it takes, before training on it. */
    public record FootageSummary(int sequences, int frames, int labelledFrames, int skippedShort, double seconds) {
    }

    public static FootageSummary inspectFootage(Path folder, int imageSize, int minFrames) {
        long t0 = System.nanoTime();
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(folder, imageSize, minFrames);
        int frames = loaded.sequences().stream().mapToInt(Video::frames).sum();
        return new FootageSummary(loaded.sequences().size(), frames, loaded.labelledFrames(), loaded.skippedShort(),
                (System.nanoTime() - t0) / 1e9);
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
