package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.run.RunFolder;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.datasets.Video;
import dev.kenning.export.Engine;
import dev.kenning.export.ImageBundle;
import dev.kenning.export.ImageModel;
import dev.kenning.export.ModelBundle;
import dev.kenning.export.TrainedRun;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A run's model just exported as a bundle ({@link Workbench#exportBundle}): what {@code kenning
 * export} prints and the GUI's Results view shows, and, for int8 weights, the check of what
 * quantisation costs on the run's own test set. A sequence run's bundle tracks an output frame by
 * frame ({@link ModelBundle}); an image run's (few-shot, zero-shot, semi-supervised, addition's
 * digit classifier) names images ({@link ImageBundle}). Open until closed (the bundle's models stay loaded for {@link #int8Check}).
 */
public final class ExportedBundle implements AutoCloseable {
    /** The phases whose model a sequence run's folder can hold, the first being the default. */
    public static final List<String> PHASES = TrainedRun.PHASES;

    private final String phase;
    private final Path runFolder;
    private final Path folder;
    private final int knowledgeFiles;
    private final JsonNode manifest;
    private final long sizeBytes;
    private final Supplier<Int8Check> int8Check;
    private final AutoCloseable bundle;

    private ExportedBundle(String phase, Path runFolder, Path folder, int knowledgeFiles, JsonNode manifest, long sizeBytes,
                           Supplier<Int8Check> int8Check, AutoCloseable bundle) {
        this.phase = phase;
        this.runFolder = runFolder;
        this.folder = folder;
        this.knowledgeFiles = knowledgeFiles;
        this.manifest = manifest;
        this.sizeBytes = sizeBytes;
        this.int8Check = int8Check;
        this.bundle = bundle;
    }

    /** A sequence run's tracking model, checked on the run's test sequences. */
    static ExportedBundle of(Workbench workbench, TrainedRun run, ModelBundle bundle) {
        return new ExportedBundle(run.phase(), run.folder(), bundle.folder(), run.knowledge().size(), bundle.manifest(),
                bundle.sizeBytes(), () -> {
            List<Video> test = workbench.testSequences(ExperimentSpec.load(RunFolder.of(run.folder()).specFile()));
            double[][] truth = test.stream().map(Video::truth).toArray(double[][]::new);
            double[][] float32Tracks = bundle.predict(test, Engine.SAMEDIFF);
            double[][] int8Tracks = bundle.predict(test, Engine.ONNX);
            double float32 = bundle.score(float32Tracks, truth).testCorr();
            if (Double.isNaN(float32)) {
                // footage without labels: the int8 tracks against the float32 ones, frame for frame
                return new Int8Check(test.size(), "sequences", "r with the float32 track", bundle.score(int8Tracks, float32Tracks)
                        .testCorr(), 1.0);
            }
            double int8 = bundle.score(int8Tracks, truth).testCorr();
            return new Int8Check(test.size(), "sequences", "test_corr", int8, float32);
        }, bundle);
    }

    /**
     * An image run's model, checked on the run's test images of the classes it names images among;
     * a few-shot model on its novel classes' test images, the first image(s) of each (as many as
     * the run's first test shots) as support and the rest named.
     */
    static ExportedBundle of(Workbench workbench, ImageModel run, ImageBundle bundle) {
        return new ExportedBundle(run.phase(), run.folder(), bundle.folder(), run.knowledge().size(), bundle.manifest(),
                bundle.sizeBytes(), () -> {
            SpecFile spec = SpecFile.load(RunFolder.of(run.folder()).specFile());
            LabelledImages test = workbench.testImages(spec).only(run.candidates());
            if (!bundle.needsSupport()) {
                double float32 = accuracy(bundle.classify(test.pixels(), Engine.SAMEDIFF).labels(), test.labels());
                double int8 = accuracy(bundle.classify(test.pixels(), Engine.ONNX).labels(), test.labels());
                return new Int8Check(test.size(), "images", "accuracy", int8, float32);
            }
            int shots = ((ImageTaskSpec) spec).evaluation().shots().get(0);
            List<List<Integer>> byClass = test.byClass(run.classes().size());
            List<String> names = new ArrayList<>();
            List<float[][]> support = new ArrayList<>();
            List<double[]> profiles = new ArrayList<>();
            List<float[]> queries = new ArrayList<>();
            List<Integer> truth = new ArrayList<>();
            for (int c : run.candidates()) {
                List<Integer> images = byClass.get(c);
                int k = Math.min(shots, images.size() - 1);
                names.add(run.classes().get(c));
                support.add(images.subList(0, k).stream().map(i -> test.pixels()[i]).toArray(float[][]::new));
                profiles.add(bundle.profileOf(run.classes().get(c)));
                for (int i : images.subList(k, images.size())) {
                    queries.add(test.pixels()[i]);
                    truth.add(names.size() - 1);
                }
            }
            ImageBundle.Support s = new ImageBundle.Support(names, support, profiles);
            float[][] q = queries.toArray(float[][]::new);
            int[] t = truth.stream().mapToInt(Integer::intValue).toArray();
            double float32 = accuracy(bundle.classify(q, bundle.prototypes(s, Engine.SAMEDIFF)).labels(), t);
            double int8 = accuracy(bundle.classify(q, bundle.prototypes(s, Engine.ONNX)).labels(), t);
            return new Int8Check(q.length, "images (" + shots + " of each novel class as support)", "accuracy", int8, float32);
        }, bundle);
    }

    private static double accuracy(int[] named, int[] truth) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += named[i] == truth[i] ? 1 : 0;
        }
        return truth.length == 0 ? Double.NaN : right / (double) truth.length;
    }

    /** The phase whose model was exported. */
    /** How the source run ended when it did not complete ({@code source_run_incomplete}), or null. */
    public String sourceRunIncomplete() {
        JsonNode s = manifest.get("source_run_incomplete");
        return s == null ? null : s.asText();
    }

    public String phase() {
        return phase;
    }

    /** The run folder the model came from. */
    public Path runFolder() {
        return runFolder;
    }

    /** The bundle folder written. */
    public Path folder() {
        return folder;
    }

    public long sameDiffBytes() {
        return folder.resolve(ModelBundle.SAMEDIFF_FILE).toFile().length();
    }

    public long onnxBytes() {
        return folder.resolve(ModelBundle.ONNX_FILE).toFile().length();
    }

    /** How many knowledge files (ontologies, rule packs) the bundle carries. */
    public int knowledgeFiles() {
        return knowledgeFiles;
    }

    /** The whole bundle folder's size. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /**
     * For an image model's bundle, how it names an image, in words ("names an image among 2
     * class(es) [cross, dot] by their attribute profiles …"); null for a tracking model's.
     */
    public String namesImagesBy() {
        JsonNode decision = manifest.path("decision");
        if (decision.isMissingNode()) {
            return null;
        }
        List<String> among = new ArrayList<>();
        decision.path("among").forEach(c -> among.add(c.asText()));
        return switch (decision.path("rule").asText()) {
            case "profiles" -> "names an image among " + among.size() + " class(es) " + among + " by their attribute profiles"
                    + " in the knowledge (" + decision.path("usable").size() + " attribute(s) read)";
            case "prototypes" -> "names an image among the classes of support images given with it (kenning predict"
                    + " --support DIR), by their prototypes" + (decision.path("profile_weight").asDouble() > 0
                    ? " and the knowledge's attribute profiles (" + decision.path("usable").size() + " attribute(s) read)" : "");
            default -> "names an image among " + among.size() + " class(es) " + among + " by the largest class logit";
        };
    }

    /** The bundle's manifest.json. */
    public JsonNode manifest() {
        return manifest;
    }

    /**
     * The run's test metric on its own test set (test_corr over its test sequences, or accuracy
     * over its test images among the classes the model names) with the float32 SameDiff model and
     * with the ONNX model's weights: for a bundle exported with int8 weights, what quantisation changed.
     */
    public record Int8Check(int count, String unit, String metric, double int8, double float32) {
        public double change() {
            return int8 - float32;
        }
    }

    public Int8Check int8Check() {
        return int8Check.get();
    }

    @Override
    public void close() {
        try {
            bundle.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
