package dev.kenning.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import dev.kenning.core.Sha256;
import dev.kenning.core.SourceTriple;
import dev.kenning.datasets.Video;
import dev.kenning.learner.Augmentation;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.TrackEnsemble;
import dev.kenning.learner.TrackingScores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelBundleTest {
    @TempDir
    static Path tmp;
    private static Path run;
    private static Path bundle;
    private static SequenceRegressor model;
    private static List<Video> videos;

    @BeforeAll
    static void exportATinyRun() throws IOException {
        videos = TinyModel.videos(4, 11);
        model = TinyModel.trained(TinyModel.videos(8, 1));
        run = fakeRunFolder(tmp.resolve("run"), model);
        bundle = tmp.resolve("bundle");
        ModelBundle.export(TrainedRun.read(run, "label_free"), bundle).close();
    }

    /** The files a completed run writes, with one constraint whose provenance names a rule and a triple. */
    static Path fakeRunFolder(Path dir, SequenceRegressor m) throws IOException {
        return fakeRunFolder(dir, m.graph());
    }

    static Path fakeRunFolder(Path dir, SameDiff graph) throws IOException {
        Files.createDirectories(dir.resolve("model"));
        graph.save(dir.resolve("model/label_free.sdz").toFile(), false);
        Path ontology = Files.writeString(dir.resolve("scene.ttl"), "@prefix k: <https://kenning.dev/ns#> .\n");
        Path rules = Files.writeString(dir.resolve("physics.drl"), "package kenning.physics\n");
        ConstraintSpec freeFall = ConstraintSpec.builder("free-fall").bind("height").param("g", 9.81, "m/s^2")
                .param("dt", 1 / 15.0, "s").rule("free-fall law constrains observed height")
                .because(List.of(new SourceTriple("ex:thrownObject", "k:governedBy", "k:EarthFreeFall"))).build();
        ConstraintSpec range = ConstraintSpec.builder("range").bind("height").param("min", 0, "m").param("max", 3, "m")
                .weight(0.1).rule("observed range bounds the output").build();
        Map<String, Object> constraints = new LinkedHashMap<>();
        constraints.put("constraints", List.of(freeFall, range));
        constraints.put("ontologies_sha256", Map.of(ontology.toString(), Sha256.of(ontology)));
        constraints.put("rules_sha256", Map.of(rules.toString(), Sha256.of(rules)));
        KenningJson.write(dir.resolve("constraints.json"), constraints);
        Files.writeString(dir.resolve("spec.yaml"), "name: tiny\nseed: 42\ndata:\n  window: 15\n");
        KenningJson.write(dir.resolve("metrics.json"), Map.of("label_free.test_corr", 0.5));
        return dir;
    }

    /** SameDiff to 1e-6 and ONNX Runtime to 1e-4 predict {@code expected} for the test videos. */
    private static void assertBothEnginesPredict(double[][] expected, ModelBundle b) {
        double[][] sameDiff = b.predict(videos, Engine.SAMEDIFF);
        double[][] onnx = b.predict(videos, Engine.ONNX);
        for (int v = 0; v < videos.size(); v++) {
            assertArrayEquals(expected[v], sameDiff[v], 1e-6);
            assertArrayEquals(expected[v], onnx[v], 1e-4);
        }
    }

    @Test
    void bothEnginesReproduceTheTrainedModel() {
        double[][] expected = model.predict(videos);
        try (ModelBundle b = ModelBundle.load(bundle)) {
            assertBothEnginesPredict(expected, b);
        }
    }

    @Test
    void scoresWindowsTakenWithTheRunsFrameStep(@TempDir Path dir) throws IOException {
        Path stepped = fakeRunFolder(dir.resolve("run"), model);
        Files.writeString(stepped.resolve("spec.yaml"), "name: tiny\nseed: 42\ndata:\n  window: 3\n  frame_step: 2\n");
        double[][] truth = videos.stream().map(Video::truth).toArray(double[][]::new);
        try (ModelBundle b = ModelBundle.export(TrainedRun.read(stepped, "label_free"), dir.resolve("bundle"))) {
            assertEquals(2, b.manifest().path("evaluation").path("frame_step").asInt());
            double[][] predicted = b.predict(videos);
            TrackingScores scored = b.score(predicted, truth);
            TrackingScores asRun = TrackingScores.of(predicted, truth, 3, 2, true);
            assertEquals(asRun.windowAbsR(), scored.windowAbsR());
            assertEquals(asRun.windowsScored(), scored.windowsScored());
            assertTrue(scored.windowsScored() < TrackingScores.of(predicted, truth, 3, 1, true).windowsScored(),
                    "windows spanning 5 frames, not 3");
        }
        try (ModelBundle unstepped = ModelBundle.load(bundle)) {
            assertEquals(1, unstepped.manifest().path("evaluation").path("frame_step").asInt(), "no frame_step in the spec: 1");
        }
    }

    /** The tiny run, as if it had averaged two restarts: {@code model} and {@code other}. */
    private static Path averagedRun(Path dir, SequenceRegressor other) throws IOException {
        Path run = fakeRunFolder(dir, model);
        Files.createDirectories(run.resolve("model/members"));
        other.graph().save(run.resolve("model/members/label_free-1.sdz").toFile(), false);
        KenningJson.write(run.resolve("metrics.json"), Map.of("label_free.restarts_averaged", 2));
        return run;
    }

    /**
     * A run that averaged its restarts: the bundle holds each network in both formats and predicts
     * their tracks combined as the run combined them, in SameDiff and in ONNX Runtime alike.
     */
    @Test
    void averagedRestartsArePredictedTogether(@TempDir Path dir) throws IOException {
        SequenceRegressor other = TinyModel.trained(TinyModel.videos(8, 2));
        Path averaged = averagedRun(dir.resolve("run"), other);
        double[][] expected = TrackEnsemble.combine(List.of(model.predict(videos), other.predict(videos)), true);
        try (ModelBundle b = ModelBundle.export(TrainedRun.read(averaged, "label_free"), dir.resolve("bundle"))) {
            assertEquals(2, b.networks());
            assertTrue(Files.isRegularFile(dir.resolve("bundle/members/model-1.onnx")));
            assertBothEnginesPredict(expected, b);
        }
        // a member's file edited after export is refused by name, as the bundle's own are
        Files.write(dir.resolve("bundle/members/model-1.sdz"), new byte[]{1, 2, 3});
        InputError e = assertThrows(InputError.class, () -> ModelBundle.load(dir.resolve("bundle")));
        assertTrue(e.getMessage().contains("members/model-1.sdz") && e.getMessage().contains("corrupted"), e.getMessage());
    }

    /**
     * A run that saw its test frames mirrored and shifted (training.augment.test_time) exports the
     * views with the networks, and the bundle predicts every view through every network and
     * combines the tracks as the run did; a bundle without views predicts as before.
     */
    @Test
    void testViewsArePredictedThroughEveryNetwork(@TempDir Path dir) throws IOException {
        SequenceRegressor other = TinyModel.trained(TinyModel.videos(8, 2));
        Path viewed = averagedRun(dir.resolve("run"), other);
        Files.writeString(viewed.resolve("spec.yaml"), "name: tiny\nseed: 42\ndata:\n  window: 15\ntraining:\n  augment:\n"
                + "    shift: 0.25\n    flip: true\n    brightness: 0.0\n    contrast: 0.0\n    test_time: true\n");
        Augmentation augment = new Augmentation(0.25, true, 0, 0, true);
        List<Augmentation.Change> views = augment.testViews(16);
        assertEquals(6, views.size());
        double[][] expected = TrackEnsemble.combine(TrackEnsemble.tracks(
                List.<java.util.function.Function<List<Video>, double[][]>>of(model::predict, other::predict), views, videos), true);
        try (ModelBundle b = ModelBundle.export(TrainedRun.read(viewed, "label_free"), dir.resolve("bundle"))) {
            assertEquals(2, b.networks());
            assertEquals(6, b.views());
            assertBothEnginesPredict(expected, b);
        }
        JsonNode m = KenningJson.mapper().readTree(dir.resolve("bundle/manifest.json").toFile());
        assertEquals("[{\"dx\":0,\"mirror\":false},{\"dx\":0,\"mirror\":true},{\"dx\":-2,\"mirror\":false},"
                + "{\"dx\":-2,\"mirror\":true},{\"dx\":2,\"mirror\":false},{\"dx\":2,\"mirror\":true}]",
                m.path("test_views").path("views").toString());
        // the views change the track: the bundle does not just predict the frames as they are
        double[][] plain = TrackEnsemble.combine(List.of(model.predict(videos), other.predict(videos)), true);
        assertTrue(java.util.stream.IntStream.range(0, videos.size())
                .anyMatch(v -> !java.util.Arrays.equals(plain[v], expected[v])), "the views changed nothing");
        // the supervised model trained on frames as they are: no views
        try (ModelBundle b = ModelBundle.load(bundle)) {
            assertEquals(1, b.views());
            assertFalse(KenningJson.mapper().readTree(bundle.resolve("manifest.json").toFile()).has("test_views"));
        }
    }

    @Test
    void manifestCarriesTheKnowledgeAndWhatTheModelExpects() throws IOException {
        JsonNode m = KenningJson.mapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals(ModelBundle.FORMAT_VERSION, m.path("format_version").asInt());
        assertEquals("[\"N\",3,16,16]", m.path("input").path("shape").toString());
        assertTrue(m.path("input").path("preprocessing").asText().contains("[0, 1]"));
        assertEquals("height", m.path("output").path("name").asText());
        assertEquals("m", m.path("output").path("unit").asText());
        assertEquals("free-fall law constrains observed height",
                m.path("constraints").get(0).path("provenance").path("rule").asText());
        assertEquals(42, m.path("seed").asLong());
        assertEquals(0.5, m.path("metrics").path("label_free.test_corr").asDouble());
        assertTrue(m.path("evaluation").path("sign_fixed").asBoolean());
        assertTrue(m.path("versions").path("nd4j").asText().startsWith("1.0.0"), m.path("versions").toString());
        assertEquals(2, m.path("knowledge").size());
        for (JsonNode k : m.path("knowledge")) {
            Path copy = bundle.resolve(k.path("file").asText());
            assertEquals(Files.readString(Path.of(k.path("source").asText())), Files.readString(copy));
            assertEquals(k.path("sha256").asText(), Sha256.of(copy));
        }
    }

    @Test
    void aTruncatedOnnxFileIsRefusedByName() throws IOException {
        Path b = copyOfBundle("truncated");
        byte[] onnx = Files.readAllBytes(b.resolve("model.onnx"));
        Files.write(b.resolve("model.onnx"), java.util.Arrays.copyOf(onnx, onnx.length / 2));
        InputError e = assertThrows(InputError.class, () -> ModelBundle.load(b));
        assertTrue(e.getMessage().contains("model.onnx") && e.getMessage().contains("corrupted or truncated"), e.getMessage());
    }

    @Test
    void aCorruptedManifestIsRefused() throws IOException {
        Path b = copyOfBundle("corrupt-manifest");
        Files.writeString(b.resolve("manifest.json"), "{\"format\": \"kenning-model-bundle\", \"format_vers");
        InputError e = assertThrows(InputError.class, () -> ModelBundle.load(b));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void anEditedManifestIsRefusedAsEdited() throws IOException {
        for (String field : new String[]{"metrics", "output"}) {
            Path b = copyOfBundle("edited-" + field);
            ObjectNode m = (ObjectNode) KenningJson.mapper().readTree(b.resolve("manifest.json").toFile());
            if (field.equals("metrics")) {
                m.putObject("metrics").put("label_free.test_corr", 0.999);
            } else {
                ((ObjectNode) m.path("output")).put("name", "renamed");
            }
            KenningJson.write(b.resolve("manifest.json"), m);
            InputError e = assertThrows(InputError.class, () -> ModelBundle.load(b));
            assertTrue(e.getMessage().startsWith(b.resolve("manifest.json") + ": was edited after export"), e.getMessage());
        }
        Path b = copyOfBundle("no-sidecar");
        Files.delete(b.resolve(ModelBundle.MANIFEST_SHA256));
        InputError e = assertThrows(InputError.class, () -> ModelBundle.load(b));
        assertTrue(e.getMessage().contains("manifest.sha256: missing"), e.getMessage());
        assertTrue(Files.readString(bundle.resolve(ModelBundle.MANIFEST_SHA256))
                .matches("[0-9a-f]{64}  manifest.json\n"), "sha256sum -c reads it");
    }

    @Test
    void aManifestOfANewerFormatIsRefusedWithTheVersions() throws IOException {
        Path b = copyOfBundle("newer");
        ObjectNode m = (ObjectNode) KenningJson.mapper().readTree(b.resolve("manifest.json").toFile());
        m.put("format_version", ModelBundle.FORMAT_VERSION + 1);
        KenningJson.write(b.resolve("manifest.json"), m);
        InputError e = assertThrows(InputError.class, () -> ModelBundle.load(b));
        assertTrue(e.getMessage().contains("format version " + (ModelBundle.FORMAT_VERSION + 1) + " is newer"), e.getMessage());
    }

    @Test
    void aMissingModelFileIsRefusedByName() throws IOException {
        Path b = copyOfBundle("missing");
        Files.delete(b.resolve("model.sdz"));
        InputError e = assertThrows(InputError.class, () -> ModelBundle.load(b));
        assertTrue(e.getMessage().contains("model.sdz") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void knowledgeEditedSinceTheRunIsNotPackedAsIfTrainedOn() throws IOException {
        Path r = fakeRunFolder(tmp.resolve("edited-run"), model);
        Files.writeString(r.resolve("physics.drl"), "package kenning.physics // edited\n");
        InputError e = assertThrows(InputError.class,
                () -> ModelBundle.export(TrainedRun.read(r, "label_free"), tmp.resolve("edited-bundle")));
        assertTrue(e.getMessage().contains("physics.drl") && e.getMessage().contains("changed since the run"), e.getMessage());
    }

    @Test
    void aModelWithAnUnexportableOpFailsNamingItAndLeavesNoBundle() throws IOException {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("frames", DataType.FLOAT, -1, 3, 4, 4);
        SDVariable w = sd.var("W", Nd4j.rand(DataType.FLOAT, 48, 1));
        sd.math().tanh("height", x.reshape(-1, 48).mmul(w));
        Path r = fakeRunFolder(tmp.resolve("tanh-run"), sd);
        Path out = tmp.resolve("tanh-bundle");
        InputError e = assertThrows(InputError.class, () -> ModelBundle.export(TrainedRun.read(r, "label_free"), out));
        assertTrue(e.getMessage().contains("(tanh)") && e.getMessage().contains("cannot be exported to ONNX"), e.getMessage());
        assertTrue(Files.notExists(out), "a failed export must not leave a half bundle");
        try (var left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".tanh-bundle.partial-")), "nor its hidden folder");
        }
    }

    /**
     * A bundle is written beside its folder and renamed once complete, so an export killed midway
     * leaves only a hidden {@code .NAME.partial-PID} folder, never a half bundle under the name;
     * the next export to that name removes such folders whose process is gone, and not one whose
     * process still runs (another export, writing now).
     */
    @Test
    void anExportKilledMidwayLeavesNoHalfBundleAndItsLeftoverIsRemovedByTheNext() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Path out = tmp.resolve("renamed-bundle");
        Path killed = Files.createDirectories(tmp.resolve(".renamed-bundle.partial-" + done.pid()));
        Files.writeString(killed.resolve("model.sdz"), "half");
        Path running = Files.createDirectories(tmp.resolve(".renamed-bundle.partial-1"));
        Files.createDirectories(out);

        ModelBundle.export(TrainedRun.read(run, "label_free"), out);

        assertTrue(Files.isRegularFile(out.resolve(ModelBundle.MANIFEST)), "exported into the empty folder asked for");
        assertTrue(Files.notExists(killed), "the killed export's leftover is removed");
        assertTrue(Files.isDirectory(running), "a live process's folder is left alone");
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(running.getFileName().toString()), left.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".renamed-bundle.partial-")).toList(), "and this export's own is renamed");
        }
    }

    @Test
    void aRunWithoutTheRequestedPhaseIsAnInputError() {
        InputError e = assertThrows(InputError.class, () -> TrainedRun.read(run, "supervised"));
        assertTrue(e.getMessage().contains("supervised.sdz"), e.getMessage());
    }

    private static Path copyOfBundle(String name) throws IOException {
        return dev.kenning.core.FileTree.copy(bundle, tmp.resolve(name));
    }
}
