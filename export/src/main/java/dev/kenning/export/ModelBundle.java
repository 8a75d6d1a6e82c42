package dev.kenning.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.constraints.DerivedConstraints;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.Sha256;
import dev.kenning.core.run.RunFolder;
import dev.kenning.datasets.ImageSequenceFolder;
import dev.kenning.datasets.Video;
import dev.kenning.datasets.Windows;
import dev.kenning.learner.Augmentation;
import dev.kenning.learner.TrackEnsemble;
import dev.kenning.learner.TrackingScores;
import org.nd4j.autodiff.samediff.SameDiff;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A trained model packed to run outside Kenning: a folder holding {@code model.sdz} (SameDiff),
 * {@code model.onnx} (the same inference graph for ONNX Runtime), {@code knowledge/} (copies of the
 * ontology and rule files the run used) and {@code manifest.json} (input shape and preprocessing,
 * output meaning and unit, constraints with provenance, SHA-256 of every file, metrics, seed,
 * versions). A run that averaged its label-free restarts ({@code training.restarts_combine: average})
 * adds each other restart's network under {@code members/} in both formats, and its predictions are
 * the members' tracks combined sequence by sequence as the run combined them ({@link TrackEnsemble}).
 * A run that saw its test frames in several views ({@code training.augment.test_time}) lists them
 * under {@code test_views}, and every network predicts every view before the tracks are combined.
 * Loading checks the format version and every file's SHA-256 first, so a truncated or
 * edited bundle is refused with a message naming the file rather than giving wrong numbers.
 */
public final class ModelBundle implements AutoCloseable {
    /**
     * Bumped when a reader of the previous version could misread a new bundle.
     * 2: the manifest's own SHA-256 in {@link #MANIFEST_SHA256}; version 1 bundles load without that check.
     * 3: {@code members}, the other networks of a run that averaged its restarts, which a version 2
     * reader would leave out of the predictions.
     * 4: {@code test_views}, the views of the frames every network sees, which a version 3 reader
     * would leave out of the predictions.
     * 5: {@code task}, what the bundle's model predicts: "tracking" (absent before) or an image task,
     * whose bundle ({@link ImageBundle}) a version 4 reader would take for a tracking model's.
     */
    public static final int FORMAT_VERSION = 5;

    /** The {@code task} of a bundle whose model tracks an output frame by frame. */
    public static final String TASK = "tracking";

    /**
     * The manifest's SHA-256, as {@code sha256sum} writes it: the manifest lists every other
     * file's hash, this file the manifest's, so an edited metric or output name is caught too.
     */
    public static final String MANIFEST_SHA256 = "manifest.sha256";
    public static final String MANIFEST = "manifest.json";
    public static final String SAMEDIFF_FILE = "model.sdz";
    public static final String ONNX_FILE = "model.onnx";
    /** The folder of the other networks of a bundle that averages label-free restarts. */
    public static final String MEMBERS = "members";
    private static final int CHUNK_FRAMES = 512;

    private final Path folder;
    private final JsonNode manifest;
    private final String input;
    private final String output;
    private final long[] frameShape;
    /** The networks after the first of a bundle that averages restarts: their .sdz and .onnx, in order. */
    private final List<String> memberSdz = new ArrayList<>();
    private final List<String> memberOnnx = new ArrayList<>();
    /** The views of the frames each network sees, the frames as they are first ({@code test_views}). */
    private final List<Augmentation.Change> views = new ArrayList<>();
    /** Per runtime, one predictor per network: the bundle's own, then its members'. */
    private final Map<Engine, List<FramePredictor>> engines = new LinkedHashMap<>();

    private ModelBundle(Path folder, JsonNode manifest) {
        this.folder = folder;
        this.manifest = manifest;
        this.input = manifest.path("input").path("name").asText();
        this.output = manifest.path("output").path("name").asText();
        JsonNode shape = manifest.path("input").path("shape");
        if (input.isEmpty() || output.isEmpty() || shape.size() != 4) {
            throw new InputError(folder.resolve(MANIFEST).toString(), "lacks input.name, input.shape [N,C,H,W] or output.name");
        }
        this.frameShape = new long[]{shape.get(1).asLong(), shape.get(2).asLong(), shape.get(3).asLong()};
        manifest.path("members").path("sdz").forEach(f -> memberSdz.add(f.asText()));
        manifest.path("members").path("onnx").forEach(f -> memberOnnx.add(f.asText()));
        if (memberSdz.size() != memberOnnx.size()) {
            throw new InputError(folder.resolve(MANIFEST).toString(), "lists " + memberSdz.size() + " members' .sdz files and "
                    + memberOnnx.size() + " .onnx files; each member needs both");
        }
        JsonNode listed = manifest.path("test_views").path("views");
        for (JsonNode view : listed) {
            if (!view.path("dx").isInt() || !view.path("mirror").isBoolean()) {
                throw new InputError(folder.resolve(MANIFEST).toString(), "test_views.views: each view needs an integer dx and a"
                        + " boolean mirror, got " + view);
            }
            views.add(new Augmentation.Change(view.path("dx").asInt(), view.path("mirror").asBoolean(), 0, 1));
        }
        if (views.isEmpty()) {
            views.add(Augmentation.AS_IS);
        }
    }

    /**
     * Writes the bundle for {@code run} into {@code out} (created; an existing non-empty folder is
     * refused). The knowledge files must still have the SHA-256 the run recorded, or the copies
     * would carry knowledge the model was not trained with.
     */
    public static ModelBundle export(TrainedRun run, Path out) {
        return export(run, out, false);
    }

    /** As {@link #export(TrainedRun, Path)}; {@code int8Weights} stores the ONNX weights as 8-bit integers. */
    public static ModelBundle export(TrainedRun run, Path out, boolean int8Weights) {
        BundleFolder.write(out, folder -> write(run, folder, int8Weights));
        return load(out);
    }

    private static void write(TrainedRun run, Path out, boolean int8Weights) {
        List<Map<String, Object>> knowledge = BundleFolder.copyKnowledge(run.knowledge(), out);
        Map<String, String> files = new LinkedHashMap<>();
        DerivedConstraints derived = DerivedConstraints.of(run.constraints());
        String output = boundOutput(derived);
        String input = "frames";
        SameDiff sd = BundleFolder.writeNetwork(run.model(), out, SAMEDIFF_FILE, ONNX_FILE, input, output, int8Weights, files);
        long[] inShape = sd.getVariable(input).placeholderShape();
        List<String> memberSdz = new ArrayList<>();
        List<String> memberOnnx = new ArrayList<>();
        for (int k = 0; k < run.members().size(); k++) {
            String name = MEMBERS + "/model-" + (k + 1);
            memberSdz.add(name + ".sdz");
            memberOnnx.add(name + ".onnx");
            BundleFolder.writeNetwork(run.members().get(k), out, name + ".sdz", name + ".onnx", input, output, int8Weights, files);
        }

        Map<String, Object> doc = BundleFolder.manifestHead(TASK, run.folder(), run.phase());
        doc.put("input", Map.of(
                "name", input,
                "shape", List.of("N", inShape[1], inShape[2], inShape[3]),
                "dtype", "float32",
                "layout", "NCHW",
                "preprocessing", "RGB image resized to " + inShape[3] + "x" + inShape[2] + " (each side halved bilinearly while it"
                        + " is twice the target or more, then one bilinear step: about the mean of the pixels each output covers,"
                        + " as PIL's antialiased resize)"
                        + "; each channel value divided by 255, giving floats in [0, 1]; one frame per row of N"));
        doc.put("output", outputDescription(output, derived));
        if (!memberSdz.isEmpty()) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("networks", memberSdz.size() + 1);
            members.put("combine", "the label-free restarts' tracks averaged sequence by sequence, as the run averaged them:"
                    + " each network's predictions over a sequence standardised (mean 0, standard deviation 1), turned to the"
                    + " networks' shared sign (their first principal component over the sequence; the first network keeps"
                    + " its own) unless evaluation.sign_fixed, averaged, and put back in the networks' mean offset and"
                    + " spread; " + SAMEDIFF_FILE + " and " + ONNX_FILE + " are the first network, these the others");
            members.put("sdz", memberSdz);
            members.put("onnx", memberOnnx);
            doc.put("members", members);
        }
        List<Augmentation.Change> views = run.augment().testViews((int) inShape[3]);
        if (views.size() > 1) {
            Map<String, Object> testViews = new LinkedHashMap<>();
            testViews.put("combine", "each network predicts every sequence in each of these views (dx: the frames shifted"
                    + " right by dx pixels after resizing, the edge column repeated into the gap; mirror: then mirrored left-right),"
                    + " and all the tracks are combined sequence by sequence as members' are");
            testViews.put("views", views.stream().map(v -> Map.of("dx", v.dx(), "mirror", v.mirror())).toList());
            doc.put("test_views", testViews);
        }
        doc.put("onnx_weights", int8Weights ? "int8, symmetric per tensor, restored by DequantizeLinear" : "float32");
        doc.put("constraints", run.constraints());
        doc.put("knowledge", knowledge);
        doc.put("files", files);
        doc.put("metrics", run.metrics());
        doc.put("seed", run.seed());
        doc.put("evaluation", Map.of("window", run.window(), "frame_step", run.frameStep(), "frame_step_per_sequence",
                run.stepPerSequence(), "sign_fixed", derived.signFixed(), "label_column", run.labelColumn()));
        doc.put("versions", BundleFolder.versions());
        BundleFolder.seal(out, doc);
    }

    /** Opens a bundle after checking its format version and the SHA-256 of every file it lists. */
    public static ModelBundle load(Path folder) {
        JsonNode m = BundleFolder.verified(folder, FORMAT_VERSION);
        String task = m.path("task").asText(TASK);
        if (!task.equals(TASK)) {
            throw new InputError(folder.resolve(MANIFEST).toString(), "is a " + task + " image model's bundle, not a tracking"
                    + " model's: it names images (kenning predict takes a folder of images for it; ImageBundle.load reads it)");
        }
        return new ModelBundle(folder, m);
    }

    public Path folder() {
        return folder;
    }

    public JsonNode manifest() {
        return manifest;
    }

    public String outputName() {
        return output;
    }

    /** Input frames as [channels, height, width]. */
    public long[] frameShape() {
        return frameShape.clone();
    }

    /**
     * Predictions scored against true values as the run scored its test videos: its evaluation
     * window, the frame step its windows were taken with (1 in bundles written before it was
     * recorded) and its sign convention.
     */
    public TrackingScores score(double[][] predicted, double[][] truth) {
        JsonNode evaluation = manifest.path("evaluation");
        int window = evaluation.path("window").asInt(Integer.MAX_VALUE);
        int step = evaluation.path("frame_step").asInt(1);
        int[] steps = new int[predicted.length];
        for (int s = 0; s < steps.length; s++) {
            // a run that took a step per sequence lowers it, as it did, where a sequence is too short for it
            steps[s] = evaluation.path("frame_step_per_sequence").asBoolean(false) && window != Integer.MAX_VALUE
                    ? Windows.stepFitting(step, window, predicted[s].length) : step;
        }
        return TrackingScores.of(predicted, truth, window, steps, evaluation.path("sign_fixed").asBoolean(false));
    }

    /** The labels.csv column the run was scored against ({@code value} in bundles written before it was recorded). */
    public String labelColumn() {
        return manifest.path("evaluation").path("label_column").asText(ImageSequenceFolder.VALUE_COLUMN);
    }

    /** Bytes on disk of every file in the bundle. */
    public long sizeBytes() {
        return BundleFolder.sizeBytes(folder);
    }

    /** Predictions for every frame of every video, computed by SameDiff: [video][frame]. */
    public double[][] predict(List<Video> videos) {
        return predict(videos, Engine.SAMEDIFF);
    }

    /**
     * Predictions for every frame of every video: [video][frame]. Frames must match the input shape.
     * A bundle of several networks combines their tracks video by video, as its run did.
     */
    public double[][] predict(List<Video> videos, Engine engine) {
        for (Video v : videos) {
            if (v.channels() != frameShape[0] || v.height() != frameShape[1] || v.width() != frameShape[2]) {
                throw new InputError("sequence " + v.id(), "frames are " + v.channels() + "x" + v.height() + "x" + v.width()
                        + ", the model takes " + frameShape[0] + "x" + frameShape[1] + "x" + frameShape[2]);
            }
        }
        List<Function<List<Video>, double[][]>> networks = predictors(engine).stream()
                .<Function<List<Video>, double[][]>>map(p -> seen -> predict(seen, p)).toList();
        return TrackEnsemble.combine(TrackEnsemble.tracks(networks, views, videos),
                manifest.path("evaluation").path("sign_fixed").asBoolean(false));
    }

    /** How many views of the frames each network sees: 1, or the run's test views. */
    public int views() {
        return views.size();
    }

    /** How many networks the bundle holds: 1, or its averaged restarts. */
    public int networks() {
        return 1 + memberSdz.size();
    }

    private double[][] predict(List<Video> videos, FramePredictor p) {
        double[][] out = new double[videos.size()][];
        for (int i = 0; i < videos.size(); i++) {
            Video v = videos.get(i);
            out[i] = new double[v.frames()];
            int size = v.frameSize();
            for (int start = 0; start < v.frames(); start += CHUNK_FRAMES) {
                int n = Math.min(CHUNK_FRAMES, v.frames() - start);
                float[] chunk = java.util.Arrays.copyOfRange(v.pixels(), start * size, (start + n) * size);
                float[] y = p.predict(chunk, n);
                for (int f = 0; f < n; f++) {
                    out[i][start + f] = y[f];
                }
            }
        }
        return out;
    }

    private List<FramePredictor> predictors(Engine engine) {
        return engines.computeIfAbsent(engine, e -> {
            List<String> files = new ArrayList<>();
            files.add(e == Engine.ONNX ? ONNX_FILE : SAMEDIFF_FILE);
            files.addAll(e == Engine.ONNX ? memberOnnx : memberSdz);
            List<FramePredictor> loaded = new ArrayList<>();
            for (String f : files) {
                loaded.add(e == Engine.ONNX ? new OnnxPredictor(folder.resolve(f), input, List.of(), frameShape)
                        : new SameDiffPredictor(folder.resolve(f), input, List.of(output), frameShape));
            }
            return loaded;
        });
    }

    @Override
    public void close() {
        engines.values().forEach(list -> list.forEach(FramePredictor::close));
        engines.clear();
    }

    private static String boundOutput(DerivedConstraints constraints) {
        try {
            return constraints.boundOutput();
        } catch (IllegalArgumentException e) {
            throw new InputError(RunFolder.CONSTRAINTS, "the constraints bind " + constraints.boundOutputs()
                    + "; a bundle needs exactly one model output");
        }
    }

    /** Name, meaning and unit of the output, as the constraints bound to it describe it. */
    private static Map<String, Object> outputDescription(String output, DerivedConstraints constraints) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", output);
        o.put("shape", List.of("N", 1));
        o.put("meaning", "'" + output + "' of the observed object in each frame, as the constraints "
                + constraints.all().stream().map(ConstraintSpec::kind).distinct().toList()
                + " bind it (see constraints for the rules and triples)");
        o.put("unit", constraints.outputUnit());
        return o;
    }
}
