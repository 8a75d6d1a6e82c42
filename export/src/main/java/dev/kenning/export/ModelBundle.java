package dev.kenning.export;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.constraints.DerivedConstraints;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.AtomicFile;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import dev.kenning.core.run.RunFolder;
import dev.kenning.datasets.ImageSequenceFolder;
import dev.kenning.datasets.Video;
import dev.kenning.datasets.Windows;
import dev.kenning.learner.Augmentation;
import dev.kenning.learner.TrackEnsemble;
import dev.kenning.learner.TrackingScores;
import org.nd4j.autodiff.samediff.SameDiff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

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
     */
    public static final int FORMAT_VERSION = 4;

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
        prepareEmptyFolder(out);
        try {
            write(run, out, int8Weights);
        } catch (RuntimeException | Error e) {
            // A failed export leaves no half bundle behind (the folder was empty or absent).
            deleteQuietly(out);
            throw e;
        }
        return load(out);
    }

    private static void write(TrainedRun run, Path out, boolean int8Weights) {
        List<Map<String, Object>> knowledge = new ArrayList<>();
        Map<String, String> files = new LinkedHashMap<>();
        try {
            Files.createDirectories(out.resolve("knowledge"));
            Set<String> used = new TreeSet<>();
            for (TrainedRun.KnowledgeFile k : run.knowledge()) {
                if (!Files.isRegularFile(k.path())) {
                    throw new InputError(k.path().toString(), "the run's " + k.role() + " file is gone; cannot copy it into the bundle");
                }
                String now = sha256(k.path());
                if (!now.equals(k.sha256())) {
                    throw new InputError(k.path().toString(), "changed since the run (SHA-256 " + k.sha256().substring(0, 12)
                            + "… then, " + now.substring(0, 12) + "… now); the bundle would carry knowledge the model was not trained with");
                }
                String name = uniqueName(k.path().getFileName().toString(), used);
                Files.copy(k.path(), out.resolve("knowledge").resolve(name));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("role", k.role());
                entry.put("file", "knowledge/" + name);
                entry.put("source", k.path().toString());
                entry.put("sha256", k.sha256());
                knowledge.add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundle to " + out, e);
        }
        DerivedConstraints derived = DerivedConstraints.of(run.constraints());
        String output = boundOutput(derived);
        String input = "frames";
        SameDiff sd = writeNetwork(run.model(), out, SAMEDIFF_FILE, ONNX_FILE, input, output, int8Weights);
        long[] inShape = sd.getVariable(input).placeholderShape();
        files.put(SAMEDIFF_FILE, sha256(out.resolve(SAMEDIFF_FILE)));
        files.put(ONNX_FILE, sha256(out.resolve(ONNX_FILE)));
        List<String> memberSdz = new ArrayList<>();
        List<String> memberOnnx = new ArrayList<>();
        for (int k = 0; k < run.members().size(); k++) {
            String name = MEMBERS + "/model-" + (k + 1);
            memberSdz.add(name + ".sdz");
            memberOnnx.add(name + ".onnx");
            writeNetwork(run.members().get(k), out, name + ".sdz", name + ".onnx", input, output, int8Weights);
            files.put(name + ".sdz", sha256(out.resolve(name + ".sdz")));
            files.put(name + ".onnx", sha256(out.resolve(name + ".onnx")));
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "kenning-model-bundle");
        doc.put("format_version", FORMAT_VERSION);
        doc.put("created", Instant.now().toString());
        doc.put("source_run", run.folder().toAbsolutePath().toString());
        doc.put("phase", run.phase());
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
        doc.put("versions", versions());
        // Written last: a bundle with a manifest is a bundle whose files are all in place.
        KenningJson.write(out.resolve(MANIFEST), doc);
        try {
            AtomicFile.write(out.resolve(MANIFEST_SHA256), (sha256(out.resolve(MANIFEST)) + "  " + MANIFEST + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve(MANIFEST_SHA256), e);
        }
    }

    /** One network of the bundle: its .sdz copied as {@code sdz}, its inference graph written as ONNX to {@code onnx}. */
    private static SameDiff writeNetwork(Path model, Path out, String sdz, String onnx, String input, String output,
                                         boolean int8Weights) {
        try {
            Files.createDirectories(out.resolve(sdz).getParent());
            Files.copy(model, out.resolve(sdz));
            SameDiff sd = SameDiffPredictor.loadGraph(out.resolve(sdz));
            AtomicFile.write(out.resolve(onnx), OnnxGraphWriter.write(sd, input, output, versions().get("kenning").toString(),
                    int8Weights).toByteArray());
            return sd;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve(sdz) + " and " + out.resolve(onnx), e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            dev.kenning.core.FileTree.delete(folder);
        } catch (IOException e) {
            // best effort: the error being reported matters more than the leftover
        }
    }

    /** Opens a bundle after checking its format version and the SHA-256 of every file it lists. */
    public static ModelBundle load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InputError(folder.toString(), "bundle folder not found");
        }
        Path manifestFile = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InputError(manifestFile.toString(), "missing: not a Kenning model bundle, or an incomplete one");
        }
        JsonNode m;
        try {
            m = KenningJson.mapper().readTree(manifestFile.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? manifestFile.toString() : manifestFile + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new InputError(where, "is corrupted: not valid JSON (" + firstLine(e.getOriginalMessage()) + ")", e);
        } catch (java.io.CharConversionException e) {
            // bytes Jackson takes for another Unicode encoding, which then do not decode (found by fuzzing)
            throw new InputError(manifestFile.toString(), "is corrupted: not valid JSON text (" + firstLine(e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifestFile, e);
        }
        if (m == null || !m.isObject() || !"kenning-model-bundle".equals(m.path("format").asText())) {
            throw new InputError(manifestFile.toString(), "is not a Kenning bundle manifest (no \"format\": \"kenning-model-bundle\")");
        }
        int version = m.path("format_version").asInt(-1);
        if (version > FORMAT_VERSION) {
            throw new InputError(manifestFile.toString(), "bundle format version " + version + " is newer than this Kenning reads ("
                    + FORMAT_VERSION + "); update Kenning to load it");
        }
        if (version < 1) {
            throw new InputError(manifestFile.toString(), "has no valid format_version");
        }
        if (version >= 2) {
            checkManifestHash(folder, manifestFile);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        m.path("files").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
        for (JsonNode k : m.path("knowledge")) {
            expected.put(k.path("file").asText(), k.path("sha256").asText());
        }
        if (!expected.containsKey(SAMEDIFF_FILE) || !expected.containsKey(ONNX_FILE)) {
            throw new InputError(manifestFile.toString(), "does not list " + SAMEDIFF_FILE + " and " + ONNX_FILE);
        }
        for (String kind : List.of("sdz", "onnx")) {
            for (JsonNode member : m.path("members").path(kind)) {
                if (!expected.containsKey(member.asText())) {
                    throw new InputError(manifestFile.toString(), "names member network " + member.asText()
                            + " without its SHA-256 under files");
                }
            }
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = folder.resolve(e.getKey()).normalize();
            if (!file.startsWith(folder.normalize())) {
                throw new InputError(manifestFile.toString(), "names a file outside the bundle: " + e.getKey());
            }
            if (!Files.isRegularFile(file)) {
                throw new InputError(file.toString(), "missing from the bundle (the manifest lists it)");
            }
            String actual = sha256(file);
            if (!actual.equals(e.getValue())) {
                throw new InputError(file.toString(), "is corrupted or truncated: its SHA-256 is " + actual.substring(0, 12)
                        + "…, the manifest expects " + abbreviate(e.getValue()));
            }
        }
        return new ModelBundle(folder, m);
    }

    /** The manifest against the SHA-256 written beside it when the bundle was exported. */
    private static void checkManifestHash(Path folder, Path manifestFile) {
        Path sidecar = folder.resolve(MANIFEST_SHA256);
        String recorded;
        try {
            recorded = Files.readString(sidecar).trim().split("\\s+")[0];
        } catch (IOException e) {
            throw new InputError(sidecar.toString(), "missing or unreadable: the bundle is incomplete, or its manifest was"
                    + " replaced");
        }
        String actual = sha256(manifestFile);
        if (!actual.equals(recorded)) {
            throw new InputError(manifestFile.toString(), "was edited after export: its SHA-256 is " + actual.substring(0, 12)
                    + "…, " + MANIFEST_SHA256 + " records " + abbreviate(recorded) + " (re-export the run rather than edit"
                    + " the manifest)");
        }
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
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                loaded.add(e == Engine.ONNX ? new OnnxPredictor(folder.resolve(f), input, frameShape)
                        : new SameDiffPredictor(folder.resolve(f), input, output, frameShape));
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

    static Map<String, Object> versions() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kenning", property("/kenning-version.properties", "version"));
        v.put("nd4j", property("/META-INF/maven/org.nd4j/nd4j-api/pom.properties", "version"));
        v.put("onnx_ir", OnnxGraphWriter.IR_VERSION);
        v.put("onnx_opset", OnnxGraphWriter.OPSET);
        return v;
    }

    private static String property(String resource, String key) {
        try (InputStream in = ModelBundle.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void prepareEmptyFolder(Path out) {
        try {
            if (Files.isDirectory(out)) {
                try (Stream<Path> s = Files.list(out)) {
                    if (s.findAny().isPresent()) {
                        throw new InputError(out.toString(), "bundle folder exists and is not empty; choose another --out");
                    }
                }
            } else if (Files.exists(out)) {
                throw new InputError(out.toString(), "exists and is not a folder");
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
    }

    private static String uniqueName(String name, Set<String> used) {
        String candidate = name;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = i + "-" + name;
        }
        return candidate;
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : "'" + hash + "'";
    }

    /** Jackson's message without its source-location suffix, which the file:line:col already says. */
    private static String firstLine(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return line.replaceAll("\\s*\\(start marker at \\[Source.*$", "").replaceAll("\\s*at \\[Source.*$", "");
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
