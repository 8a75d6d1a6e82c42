package dev.kenning.gui;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.KenningJson;
import dev.kenning.workbench.BlockImages;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.kenning.gui.Screenshots.fx;
import static dev.kenning.gui.Screenshots.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The desktop workbench driven as a user would, headless (Monocle): a real workspace, real
 * rules, real (tiny) training. Buttons are clicked through the robot; text goes in through the
 * editors' own API, as typing would put it there.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchGuiTest {
    @TempDir
    Path tmp;
    private WorkbenchWindow window;

    @BeforeAll
    static void recentListInTemp() throws IOException {
        System.setProperty(RecentWorkspaces.PROPERTY, Files.createTempFile("kenning-recent", ".txt").toString());
    }

    @AfterAll
    static void forget() {
        System.clearProperty(RecentWorkspaces.PROPERTY);
    }

    /** Knowledge work a test set off (an edit re-derives) ends before its workspace is deleted. */
    @org.junit.jupiter.api.AfterEach
    void settle() {
        KnowledgeThread.settle();
    }

    @Start
    void start(Stage stage) throws IOException {
        window = new WorkbenchWindow(stage, uri -> { });
        stage.show();
    }

    /** A new workspace whose free-fall spec is made tiny ({@code steps} steps, logged every 2). */
    private Path openWorkspace(int steps) throws IOException {
        Path ws = tmp.resolve("ws");
        Workspace.openOrCreate(ws);
        TinyFreeFallSpec.write(ws, steps, 2);
        fx(() -> {
            window.open(ws);
            return null;
        });
        waitFor("the class tree", () -> fx(() -> window.knowledge.tree.getRoot() != null
                && !window.knowledge.tree.getRoot().getChildren().isEmpty()), 60);
        return ws;
    }

    /** Opens Results, waits for the finished run of {@code job} to be listed as completed, and selects it. */
    private void selectInResults(FxRobot robot, RunQueue.Job job) {
        robot.clickOn("Results");
        waitFor("the run in Results", () -> fx(() -> window.results.runs.getItems().stream()
                .anyMatch(r -> r.path().equals(job.out) && r.status().equals("completed"))), 60);
        fx(() -> {
            window.results.runs.getItems().stream().filter(r -> r.path().equals(job.out)).findFirst()
                    .ifPresent(r -> window.results.runs.getSelectionModel().select(r));
            return null;
        });
    }

    private void selectSpec(String fileName) {
        fx(() -> {
            window.experiments.specs.getItems().stream().filter(p -> p.getFileName().toString().equals(fileName))
                    .findFirst().ifPresent(p -> window.experiments.specs.getSelectionModel().select(p));
            return null;
        });
    }


    /**
     * A new workspace whose few-shot spec reads the small generated IDX set (12×12 blocks, see
     * BlockImages) and trains a tiny network for {@code steps} steps, logged every 5.
     */
    private Path openImageWorkspace(int steps) throws IOException {
        Path ws = openWorkspace(20);
        Path data = BlockImages.writeIdx(tmp.resolve("idx"));
        Files.writeString(ws.resolve("experiments/fewshot-fashion.yaml"), """
                name: fewshot-tiny
                seed: 1
                task: few-shot
                knowledge:
                  ontologies: [kenning.ttl, fashion-attributes.ttl]
                  rules: [disjointness.drl, attributes.drl, labels.drl]
                data:
                  path: %s
                  held_out: [tshirt-top, trouser, coat, sandal, bag]
                model:
                  conv_channels: [8, 8]
                training:
                  steps: %d
                  log_every: 5
                  shots: 2
                  queries: 3
                evaluation:
                  episodes: 20
                  shots: [1, 3]
                  queries: 4
                """.formatted(data, steps));
        return ws;
    }

    /** Selects the spec and waits until the form has the dataset's classes from its derived knowledge. */
    private void selectDerived(String fileName) {
        selectSpec(fileName);
        waitFor("the derived knowledge in the form", () -> fx(() -> window.experiments.form.classBox("coat") != null
                || window.experiments.form.weight("free-fall") != null), 90);
    }

    private void type(String key, String text) {
        fx(() -> {
            window.experiments.form.text(key).setText(text);
            return null;
        });
    }

    @Test
    void opensAWorkspaceWithItsKnowledgeAndRemembersIt(FxRobot robot) throws IOException {
        Path ws = openWorkspace(20);
        List<String> top = fx(() -> window.knowledge.tree.getRoot().getChildren().stream().map(i -> i.getValue().label()).toList());
        assertTrue(top.contains("fashion item") && top.contains("law"), "class tree roots: " + top);
        assertTrue(fx(() -> window.knowledge.select("https://kenning.dev/fashion#Sandal")));
        waitFor("Sandal's attributes", () -> fx(() -> window.knowledge.attributes.getItems().contains("fa:straps")), 30);
        assertEquals(ws.toAbsolutePath().normalize(), RecentWorkspaces.list().get(0));
        assertTrue(fx(() -> window.experiments.specs.getItems().size()) >= 2);
        // Syntax highlighting: DRL keywords carry their style class.
        robot.clickOn("Rules");
        waitFor("a rule pack", () -> fx(() -> window.rules.drl.getText().contains("rule ")), 30);
        assertTrue(fx(() -> window.rules.drl.area().getStyleSpans(0, window.rules.drl.getText().length()).stream()
                .anyMatch(s -> s.getStyle().contains("keyword"))), "DRL keywords are highlighted");
    }

    @Test
    void addingAnAttributeToAClassChangesTheDerivedConstraints(FxRobot robot) throws IOException {
        Path ws = openWorkspace(20);
        selectSpec("fewshot-fashion.yaml");
        waitFor("the first derivation", () -> fx(() -> window.rules.derivations() >= 1
                && !window.rules.constraints.getItems().isEmpty()), 60);
        List<ConstraintSpec> before = fx(() -> new ArrayList<>(window.rules.constraints.getItems()));
        assertFalse(before.stream().anyMatch(c -> c.bindings().equals(List.of("class:sandal", "attr:heel"))));

        assertTrue(fx(() -> window.knowledge.select("https://kenning.dev/fashion#Sandal")));
        waitFor("Sandal's attributes", () -> fx(() -> window.knowledge.attributes.getItems().contains("fa:straps")), 30);
        int derivations = fx(() -> window.rules.derivations());
        fx(() -> {
            window.knowledge.newAttribute.getEditor().setText("fa:heel");
            return null;
        });
        robot.clickOn(window.knowledge.addAttribute);
        waitFor("a new derivation", () -> fx(() -> window.rules.derivations() > derivations), 60);

        List<ConstraintSpec> after = fx(() -> new ArrayList<>(window.rules.constraints.getItems()));
        ConstraintSpec added = after.stream().filter(c -> c.kind().equals("class-implies-attribute")
                && c.bindings().equals(List.of("class:sandal", "attr:heel"))).findFirst().orElseThrow(
                () -> new AssertionError("no class:sandal ⇒ attr:heel among " + after.size() + " constraints"));
        assertTrue(added.provenance().triples().stream().anyMatch(t -> t.toString().contains("heel")),
                "the constraint says which triple it came from: " + added.provenance());
        assertTrue(after.size() > before.size(), before.size() + " → " + after.size());
        // written in the file's own prefixes; the sandal's "may have a heel" gives way to "has"
        String fashion = Files.readString(ws.resolve("experiments/fashion-attributes.ttl"));
        assertTrue(fashion.contains("fa:Sandal k:hasAttribute fa:heel ."), fashion);
        assertTrue(fashion.contains("fa:Sandal k:mayHaveAttribute fa:ankleShaft ."), fashion);
        waitFor("the form to show it", () -> fx(() -> window.knowledge.attributes.getItems().contains("fa:heel")), 30);
    }

    @Test
    void aDrlErrorIsMarkedAtItsLine(FxRobot robot) throws IOException {
        openWorkspace(20);
        robot.clickOn("Rules");
        fx(() -> {
            window.rules.pack.getItems().stream().filter(p -> p.getFileName().toString().equals("physics.drl"))
                    .findFirst().ifPresent(p -> window.rules.pack.setValue(p));
            return null;
        });
        waitFor("physics.drl to compile", () -> fx(() -> window.rules.drl.problemText().equals("compiles")), 60);
        int line = fx(() -> {
            String[] lines = window.rules.drl.getText().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("type == \"FreeFall\"")) {
                    int start = window.rules.drl.area().getAbsolutePosition(i, 0);
                    window.rules.drl.area().replaceText(start, start + lines[i].length(), "    $l : Law( iri == $law, type == )");
                    return i + 1;
                }
            }
            throw new AssertionError("physics.drl has no FreeFall pattern");
        });
        waitFor("the error mark", () -> fx(() -> window.rules.drl.errorLine() > 0), 60);
        assertEquals(line, (int) fx(() -> window.rules.drl.errorLine()), fx(() -> window.rules.drl.problemText()));
        assertTrue(fx(() -> window.rules.drl.lineLooksWrong(line)));
        assertTrue(fx(() -> window.rules.drl.problemText()).startsWith("line " + line + ":"), fx(() -> window.rules.drl.problemText()));

        // Mending the line clears the mark.
        fx(() -> {
            int start = window.rules.drl.area().getAbsolutePosition(line - 1, 0);
            int end = start + window.rules.drl.area().getParagraph(line - 1).length();
            window.rules.drl.area().replaceText(start, end, "    $l : Law( iri == $law, type == \"FreeFall\" )");
            return null;
        });
        waitFor("the mark to clear", () -> fx(() -> window.rules.drl.errorLine() < 0
                && window.rules.drl.problemText().equals("compiles")), 60);
    }

    @Test
    void aRunShowsProgressWithoutBlockingTheUiAndItsBundleExports(FxRobot robot) throws Exception {
        Path ws = openWorkspace(40);
        selectSpec("free-fall-small.yaml");
        robot.clickOn("Experiments");
        // The JavaFX thread's responsiveness: a ticker posts to it every 10 ms and records how late
        // each post runs, first with nothing running (the machine's own stalls), then during training.
        Ticker idle = new Ticker(() -> "");
        idle.start();
        Thread.sleep(3000);
        idle.interrupt();
        java.util.concurrent.atomic.AtomicReference<String> stage = new java.util.concurrent.atomic.AtomicReference<>("");
        fx(() -> {
            window.experiments.stage.textProperty().addListener((o, a, b) -> stage.set(b));
            return null;
        });
        Ticker during = new Ticker(stage::get);
        List<Double> progress = new ArrayList<>();
        List<Integer> points = new ArrayList<>();
        robot.clickOn(window.experiments.run);
        RunQueue.Job job = fx(() -> window.experiments.queue.jobs.get(0));
        during.start();
        long end = System.nanoTime() + 600_000_000_000L;
        while (fx(() -> job.state.get().ordinal() <= RunQueue.State.RUNNING.ordinal()) && System.nanoTime() < end) {
            progress.add(fx(() -> window.experiments.progress.getProgress()));
            points.add(fx(() -> window.experiments.chartPoints()));
            Thread.sleep(100);
        }
        during.interrupt();
        assertEquals(RunQueue.State.COMPLETED, job.state.get(), job.message);
        assertTrue(progress.stream().anyMatch(p -> p > 0 && p < 1), "the bar moved between 0 and 1: " + progress);
        assertTrue(isNonDecreasing(progress), "progress never goes back: " + progress);
        assertTrue(points.stream().anyMatch(n -> n > 0) && points.get(points.size() - 1) > points.stream().filter(n -> n > 0)
                .findFirst().orElse(0), "the chart gained points during the run: " + points);
        // Training proper: the stage line shows "step i/n" from the first logged step to the last.
        long trainingWorst = during.worst(s -> s.contains(" step "));
        long runWorst = during.worst(s -> true);
        System.out.printf("JavaFX thread, longest delay of a 10 ms tick: idle %d ms; during training steps %d ms (%d ticks);"
                        + " whole run incl. knowledge derivation and writing results %d ms; longest drawing of one logged row %d ms%n",
                idle.worst(s -> true), trainingWorst, during.count(s -> s.contains(" step ")), runWorst,
                ExperimentsView.longestPlotNanos / 1_000_000);
        assertTrue(ExperimentsView.longestPlotNanos < 100_000_000L, "drawing a logged row took "
                + ExperimentsView.longestPlotNanos / 1_000_000 + " ms on the JavaFX thread");

        // The run appears in Results as completed, and its label-free model exports with a manifest.
        selectInResults(robot, job);
        assertTrue(fx(() -> window.results.plots.getChildren().size()) >= 2, "the run's PNG plots are shown");
        // a tracking run's headline gives the paper's window |r| and a clock's; the cell, too narrow for it, has it whole as a tooltip
        String headline = fx(() -> window.results.runs.getSelectionModel().getSelectedItem().headline());
        assertTrue(headline.contains("label_free.window_abs_r ") && headline.contains("clock.window_abs_r "), headline);
        assertEquals(List.of(headline), fx(() -> window.results.runs.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && headline.equals(c.getText()))
                .map(n -> ((javafx.scene.control.TableCell<?, ?>) n).getTooltip().getText()).toList()));
        assertEquals(List.of("label_free", "supervised"), fx(() -> List.copyOf(window.results.phase.getItems())));
        Path bundle = tmp.resolve("bundle");
        fx(() -> {
            window.results.export(bundle);
            return null;
        });
        waitFor("the manifest", () -> fx(() -> !window.results.manifest.getText().isEmpty()), 300);
        var manifest = KenningJson.mapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals(manifest.path("output").path("name").asText("?"), KenningJson.mapper()
                .readTree(fx(() -> window.results.manifest.getText())).path("output").path("name").asText("?"));
        assertTrue(Files.isRegularFile(bundle.resolve("model.onnx")) && Files.isRegularFile(bundle.resolve("model.sdz")));
        // the bundle predicts on a folder of the spec's test videos from the Export tab, scored as kenning predict scores it
        Path videos = window.session.workspace.get().workbench().saveTestVideos(
                dev.kenning.workbench.spec.ExperimentSpec.load(job.out.resolve("spec.yaml")), tmp.resolve("videos"), 3, null, null, null, "png");
        fx(() -> {
            window.results.engine.setValue("onnx");
            window.results.predict(bundle, videos, null);
            return null;
        });
        waitFor("the predictions", () -> fx(() -> !window.results.predicted.getText().isEmpty()), 300);
        String said = fx(() -> window.results.predicted.getText());
        assertTrue(said.contains("3 sequence(s) predicted with onnx")
                && said.contains("mean per-sequence Pearson r vs labels.csv"), said);
        assertEquals(1.0, fx(() -> window.results.predictProgress.getProgress()));
        assertTrue(Files.isRegularFile(ws.resolve("predictions").resolve("bundle-on-videos.csv")), "the CSV is in the workspace");
        assertTrue(ws.resolve("store").toFile().isDirectory(), "the run was recorded in the workspace store");

        // Stalls the idle JavaFX thread already had belong to the machine (other processes on a
        // shared CPU), not to training: then the measurement cannot tell, and says so by skipping.
        org.junit.jupiter.api.Assumptions.assumeTrue(idle.worst(s -> true) < 50, "the JavaFX thread stalled "
                + idle.worst(s -> true) + " ms with nothing running: the machine is too busy to time responsiveness");
        assertTrue(trainingWorst < 150, "training blocked the JavaFX thread for " + trainingWorst + " ms");
    }

    @Test
    void cancelStopsARunAndRecordsItAsCancelled(FxRobot robot) throws Exception {
        openWorkspace(5000);
        selectSpec("free-fall-small.yaml");
        robot.clickOn("Experiments");
        RunQueue.Job job = runAndCancel(robot);
        var status = KenningJson.mapper().readTree(job.out.resolve("status.json").toFile());
        assertEquals("cancelled", status.path("status").asText());
        assertTrue(status.path("message").asText().contains("cancelled at step"), status.toString());
        assertTrue(fx(() -> window.experiments.progress.getProgress()) < 0.5, "stopped early");
        assertListedAsCancelled(robot, job);
    }

    @Test
    void aFewShotSpecIsEditedInItsFormAndSavedBack(FxRobot robot) throws IOException {
        Path ws = openWorkspace(20);
        Path data = BlockImages.writeIdx(tmp.resolve("idx"));
        Path spec = ws.resolve("experiments/fewshot-fashion.yaml");
        robot.clickOn("Experiments");
        selectDerived("fewshot-fashion.yaml");
        assertEquals("few-shot", fx(() -> window.experiments.form.kind()));
        assertEquals("5", fx(() -> window.experiments.form.text("training.shots").getText()));
        assertEquals(null, fx(() -> window.experiments.form.text("data.train_videos")), "no sequence rows on an image task");
        assertTrue(fx(() -> window.experiments.form.classBox("bag").isSelected() && !window.experiments.form.classBox("pullover").isSelected()));

        type("training.shots", "3");
        type("knowledge.weight", "0.5");
        type("data.path", data.toString());
        fx(() -> {
            window.experiments.form.classBox("bag").setSelected(false);
            window.experiments.form.classBox("pullover").setSelected(true);
            return null;
        });
        robot.clickOn(window.experiments.save);

        ImageTaskSpec saved = ImageTaskSpec.load(spec);
        assertEquals(3, saved.training().shots());
        assertEquals(0.5, saved.knowledge().weight(), 1e-12);
        assertEquals(data, saved.data().path());
        assertEquals(List.of("tshirt-top", "trouser", "coat", "sandal", "pullover"), saved.data().heldOut());
        assertEquals(List.of(1, 5), saved.evaluation().shots(), "values the form did not touch stay");

        // Reloaded from the file: another spec, then this one again.
        selectSpec("free-fall-small.yaml");
        selectSpec("fewshot-fashion.yaml");
        assertEquals("3", fx(() -> window.experiments.form.text("training.shots").getText()));
        assertEquals("0.5", fx(() -> window.experiments.form.text("knowledge.weight").getText()));
        assertEquals("tshirt-top, trouser, coat, sandal, pullover", fx(() -> window.experiments.form.text("data.held_out").getText()));

        // Another task: its own rows, and the few-shot-only keys leave the file.
        fx(() -> {
            window.experiments.form.choice("task").setValue("semi-supervised");
            return null;
        });
        waitFor("the semi-supervised rows", () -> fx(() -> window.experiments.form.text("data.labelled") != null), 10);
        assertEquals(null, fx(() -> window.experiments.form.text("training.shots")));
        type("data.labelled", "30");
        robot.clickOn(window.experiments.save);
        ImageTaskSpec semi = ImageTaskSpec.load(spec);
        assertEquals("semi-supervised", semi.task());
        assertEquals(30, semi.data().labelled());
        assertFalse(Files.readString(spec).contains("shots"), Files.readString(spec));
    }

    /**
     * The recipe options of issue 21 are form rows: kernel sizes, initialisation, each frame's
     * standardisation, difficulty, early stopping and its windows, the weight average, augmentation.
     */
    @Test
    void aSequenceSpecsRecipeOptionsAreEditedInItsForm(FxRobot robot) throws IOException {
        Path ws = openWorkspace(20);
        Path spec = ws.resolve("experiments").resolve(TinyFreeFallSpec.FILE);
        robot.clickOn("Experiments");
        selectDerived(TinyFreeFallSpec.FILE);
        assertEquals("", fx(() -> window.experiments.form.text("training.early_stopping.every").getText()), "off: blank");
        type("model.kernel", "5, 3");
        type("model.init_std", "0.05");
        type("training.early_stopping.every", "10");
        type("data.without", "door, jpeg");
        type("training.ema_decay", "0.99");
        fx(() -> {
            window.experiments.form.choice("model.init").setValue("truncated_normal");
            window.experiments.form.choice("data.difficulty").setValue("hard");
            window.experiments.form.choice("model.normalise").setValue("frame");
            window.experiments.form.choice("training.early_stopping.windows").setValue("test");
            return null;
        });
        robot.clickOn(window.experiments.save);
        ExperimentSpec saved = ExperimentSpec.load(spec);
        assertEquals("frame", saved.model().normalise().key());
        assertEquals(List.of(5, 3), saved.model().kernels());
        assertEquals("truncated_normal", saved.model().init().scheme());
        assertEquals(0.05, saved.model().init().std(), 1e-12);
        assertEquals("hard", saved.data().difficulty().key());
        assertEquals(java.util.Set.of(dev.kenning.datasets.FootagePart.DOOR, dev.kenning.datasets.FootagePart.JPEG),
                saved.data().without());
        assertEquals(10, saved.training().earlyStopping().every());
        assertTrue(saved.training().earlyStopping().onTest(), "measured on the test frames");
        assertEquals(0.99, saved.training().emaDecay(), 1e-12);
        assertFalse(Files.readString(spec).contains("augment"), "untouched augmentation rows add nothing");

        // One size for every block is a number; blanking the early-stopping rows turns it off.
        type("model.kernel", "5");
        type("training.early_stopping.every", "");
        type("training.augment.shift", "0.25");
        fx(() -> {
            window.experiments.form.flag("training.augment.flip").setSelected(true);
            window.experiments.form.choice("training.early_stopping.windows").setValue(null);
            return null;
        });
        robot.clickOn(window.experiments.save);
        saved = ExperimentSpec.load(spec);
        assertEquals(List.of(5, 5), saved.model().kernels());
        assertEquals(null, saved.training().earlyStopping());
        assertFalse(Files.readString(spec).contains("early_stopping"), Files.readString(spec));
        assertEquals(new dev.kenning.learner.Augmentation(0.25, true, 0, 0), saved.training().augment());
    }

    @Test
    void anImageFolderIsChosenInTheFormWithItsSizeChannelsAndTestShare(FxRobot robot) throws IOException {
        Path ws = openWorkspace(20);
        Path folder = Files.createDirectories(tmp.resolve("my-images"));
        Path spec = ws.resolve("experiments/zeroshot-fashion.yaml");
        robot.clickOn("Experiments");
        selectDerived("zeroshot-fashion.yaml");
        assertEquals("", fx(() -> window.experiments.form.text("data.channels").getText()), "blank: the default");
        fx(() -> {
            window.experiments.form.choice("data.dataset").setValue("folder");
            return null;
        });
        type("data.path", folder.toString());
        type("data.image_size", "48");
        type("data.channels", "3");
        type("data.test_fraction", "0.25");
        robot.clickOn(window.experiments.save);
        assertEquals("", fx(() -> window.experiments.form.problem.getText()));
        ImageTaskSpec saved = ImageTaskSpec.load(spec);
        assertTrue(saved.data().isFolder());
        assertEquals(folder, saved.data().path());
        assertEquals(48, saved.data().imageSize());
        assertEquals(3, saved.data().channels());
        assertEquals(0.25, saved.data().testFraction(), 1e-12);

        String before = Files.readString(spec);
        type("data.channels", "2");
        robot.clickOn(window.experiments.save);
        String problem = fx(() -> window.experiments.form.problem.getText());
        assertTrue(problem.contains("'data.channels' must be 1 (grey), 3 (RGB) or auto (RGB if any image is in colour, else grey), got 2"), problem);
        assertTrue(fx(() -> window.experiments.form.invalid("data.channels")));
        assertEquals(before, Files.readString(spec), "a refused edit leaves the file as it was");
    }

    @Test
    void invalidFormValuesAreRefusedWithAMessageNamingTheField(FxRobot robot) throws IOException {
        Path ws = openWorkspace(20);
        Path spec = ws.resolve("experiments/fewshot-fashion.yaml");
        String before = Files.readString(spec);
        robot.clickOn("Experiments");
        selectDerived("fewshot-fashion.yaml");

        type("data.held_out", "tshirt-top, trouser, coat, sandal, dragon");
        robot.clickOn(window.experiments.save);
        String problem = fx(() -> window.experiments.form.problem.getText());
        assertTrue(problem.contains("'data.held_out'") && problem.contains("class:dragon") && problem.contains("class:ankle-boot"),
                problem);
        assertTrue(fx(() -> window.experiments.form.invalid("data.held_out")));
        assertEquals(before, Files.readString(spec), "a refused edit leaves the file as it was");

        type("data.held_out", "tshirt-top, trouser, coat, sandal, bag");
        type("knowledge.weight", "-1");
        robot.clickOn(window.experiments.save);
        problem = fx(() -> window.experiments.form.problem.getText());
        assertTrue(problem.contains("'knowledge.weight' must be between 0.0"), problem);
        assertTrue(fx(() -> window.experiments.form.invalid("knowledge.weight")) && !fx(() -> window.experiments.form.invalid("data.held_out")));
        assertEquals(before, Files.readString(spec));

        // The sequence spec: one weight per derived constraint kind, checked the same way.
        Path physics = ws.resolve("experiments/free-fall-small.yaml");
        selectDerived("free-fall-small.yaml");
        fx(() -> {
            window.experiments.form.weight("spread").setText("-0.5");
            return null;
        });
        robot.clickOn(window.experiments.save);
        problem = fx(() -> window.experiments.form.problem.getText());
        assertTrue(problem.contains("'knowledge.weights.spread' must be between 0.0"), problem);
        assertTrue(fx(() -> window.experiments.form.invalid("knowledge.weights")));
        fx(() -> {
            window.experiments.form.weight("spread").setText("0.25");
            return null;
        });
        robot.clickOn(window.experiments.save);
        assertEquals("", fx(() -> window.experiments.form.problem.getText()));
        assertEquals(java.util.Map.of("spread", 0.25), ExperimentSpec.load(physics).knowledge().weights());
    }

    @Test
    void aSmallFewShotRunShowsProgressAndItsAccuracyInResults(FxRobot robot) throws Exception {
        openImageWorkspace(60);
        robot.clickOn("Experiments");
        selectSpec("fewshot-fashion.yaml");
        List<Double> progress = new ArrayList<>();
        List<Integer> points = new ArrayList<>();
        robot.clickOn(window.experiments.run);
        RunQueue.Job job = fx(() -> window.experiments.queue.jobs.get(0));
        assertEquals(3, job.phases, "with and without knowledge, then the test episodes");
        long end = System.nanoTime() + 600_000_000_000L;
        while (fx(() -> job.state.get().ordinal() <= RunQueue.State.RUNNING.ordinal()) && System.nanoTime() < end) {
            progress.add(fx(() -> window.experiments.progress.getProgress()));
            points.add(fx(() -> window.experiments.chartPoints()));
            Thread.sleep(50);
        }
        assertEquals(RunQueue.State.COMPLETED, job.state.get(), job.message);
        assertTrue(progress.stream().anyMatch(p -> p > 0 && p < 1), "the bar moved between 0 and 1: " + progress);
        assertTrue(isNonDecreasing(progress), "progress never goes back: " + progress);
        assertTrue(points.get(points.size() - 1) > points.stream().filter(n -> n > 0).findFirst().orElse(0),
                "the chart gained points during the run: " + points);
        List<String> series = fx(() -> window.experiments.chart.getData().stream().map(s -> s.getName()).toList());
        assertTrue(series.contains("knowledge · prototypical") && series.contains("knowledge · knowledge")
                && series.contains("baseline · prototypical"), "one series per phase and loss term: " + series);

        selectInResults(robot, job);
        String headline = fx(() -> window.results.runs.getSelectionModel().getSelectedItem().headline());
        assertTrue(headline.matches(".*knowledge\\.acc \\d\\.\\d{3} ± \\d\\.\\d{3}.*"), headline);
        List<String> shown = fx(() -> window.results.plots.getChildren().stream()
                .map(n -> n instanceof javafx.scene.control.Label l ? l.getText() : n.getClass().getSimpleName()).toList());
        assertTrue(shown.contains("accuracy.png") && shown.contains("GridPane"), "accuracy plot and confusion heat map: " + shown);
        assertTrue(Files.isRegularFile(job.out.resolve("accuracy.png")));
        // the models a few-shot run can export: with the knowledge (the default) and without
        assertEquals(List.of("knowledge", "baseline"), fx(() -> List.copyOf(window.results.phase.getItems())));
    }

    @Test
    void cancellingAnImageRunRecordsItAsCancelled(FxRobot robot) throws Exception {
        openImageWorkspace(100_000);
        robot.clickOn("Experiments");
        selectSpec("fewshot-fashion.yaml");
        RunQueue.Job job = runAndCancel(robot);
        var status = KenningJson.mapper().readTree(job.out.resolve("status.json").toFile());
        assertEquals("cancelled", status.path("status").asText());
        assertTrue(status.path("message").asText().contains("knowledge was cancelled at step"), status.toString());
        assertFalse(Files.exists(job.out.resolve("metrics.json")));
        assertListedAsCancelled(robot, job);
    }

    /** Runs the selected spec and cancels it once training has logged; returns when it has stopped. */
    private RunQueue.Job runAndCancel(FxRobot robot) {
        robot.clickOn(window.experiments.run);
        RunQueue.Job job = fx(() -> window.experiments.queue.jobs.get(0));
        waitFor("training to log", () -> fx(() -> window.experiments.chartPoints() > 0), 300);
        robot.clickOn(window.experiments.cancel);
        waitFor("the run to stop", () -> fx(() -> job.state.get() == RunQueue.State.CANCELLED), 120);
        return job;
    }

    private void assertListedAsCancelled(FxRobot robot, RunQueue.Job job) {
        robot.clickOn("Results");
        waitFor("the cancelled run in Results", () -> fx(() -> window.results.runs.getItems().stream()
                .anyMatch(r -> r.path().equals(job.out) && r.status().equals("cancelled"))), 60);
    }

    /** Posts to the JavaFX thread every 10 ms and keeps each post's delay with the stage line at the time. */
    private static final class Ticker extends Thread {
        private final java.util.function.Supplier<String> stage;
        private final java.util.concurrent.ConcurrentLinkedQueue<Object[]> delays = new java.util.concurrent.ConcurrentLinkedQueue<>();

        Ticker(java.util.function.Supplier<String> stage) {
            super("fx-latency-ticker");
            this.stage = stage;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long posted = System.nanoTime();
                String at = stage.get();
                Platform.runLater(() -> delays.add(new Object[]{(System.nanoTime() - posted) / 1_000_000, at}));
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long worst(java.util.function.Predicate<String> when) {
            return delays.stream().filter(d -> when.test((String) d[1])).mapToLong(d -> (Long) d[0]).max().orElse(0);
        }

        long count(java.util.function.Predicate<String> when) {
            return delays.stream().filter(d -> when.test((String) d[1])).count();
        }
    }

    private static boolean isNonDecreasing(List<Double> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) < values.get(i - 1) - 1e-12) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theResultsViewListsASweepsRunsTogetherAndOpensItsComparison() throws Exception {
        Path ws = openWorkspace(4);
        Path spec = ws.resolve("experiments/free-fall-small.yaml");
        dev.kenning.workbench.sweep.SweepPlan plan = dev.kenning.workbench.sweep.SweepPlan.of(
                dev.kenning.workbench.sweep.SweepRequest.of(spec, java.util.Map.of("training.learning_rate",
                        List.of("0.001", "0.003")), List.of(0L), "local[1]", null, ws.resolve("sweeps/tiny"), null));
        // Recorded in the GUI workspace's own store, as kenning sweep --workspace WS/store would.
        new dev.kenning.workbench.sweep.SweepDriver(ws.resolve("store"), new dev.kenning.workbench.sweep.InProcessEngine())
                .run(plan, dev.kenning.workbench.sweep.SweepProgress.SILENT);
        fx(() -> {
            window.results.refresh();
            return null;
        });
        waitFor("the sweep in Results", () -> fx(() -> window.results.sweeps.sweeps.getItems().size() == 1), 60);
        waitFor("its runs", () -> fx(() -> window.results.sweeps.runs.getItems().size() == 2), 60);
        List<String> configurations = fx(() -> window.results.sweeps.runs.getItems().stream()
                .map(r -> r.get("configuration") + " " + r.get("status")).toList());
        assertEquals(List.of("training.learning_rate=0.001 completed", "training.learning_rate=0.003 completed"), configurations);
        waitFor("its comparison", () -> fx(() -> window.results.sweeps.comparison.getText().contains("Ranked by")), 30);
        assertTrue(fx(() -> window.results.sweeps.comparison.getText()).contains("| training.learning_rate=0.003"));
    }

    /** A run flagged as having learned nothing says so above its plots, as report.html and the command line do. */
    @Test
    void theResultsViewShowsARunsWarning(FxRobot robot) throws Exception {
        Path ws = openWorkspace(20);
        Path spec = ws.resolve("experiments").resolve(TinyFreeFallSpec.FILE);
        // a step this large kills every unit: the network outputs one constant
        Files.writeString(spec, Files.readString(spec).replace("  batch_videos: 4", "  batch_videos: 4\n  learning_rate: 0.1"));
        robot.clickOn("Experiments");
        selectSpec(TinyFreeFallSpec.FILE);
        RunQueue.Job job = fx(() -> window.experiments.runSelected());
        waitFor("the run to end", () -> fx(() -> job.state.get().ordinal() > RunQueue.State.RUNNING.ordinal()), 300);
        assertEquals(RunQueue.State.COMPLETED, job.state.get(), job.message);
        selectInResults(robot, job);
        List<String> shown = fx(() -> window.results.plots.getChildren().stream()
                .map(n -> n instanceof javafx.scene.control.Label l ? l.getText() : "").toList());
        assertTrue(shown.get(0).startsWith("Warning: label_free learned nothing: its correlation on its own training windows"),
                shown.toString());
    }
}
