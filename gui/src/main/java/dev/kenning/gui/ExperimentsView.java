package dev.kenning.gui;

import dev.kenning.core.HistoryRow;
import dev.kenning.workbench.ImageTask;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Experiment specs edited through a form (sequence experiments and image tasks alike), and runs:
 * Run queues the selected spec, the progress bar and the chart follow each logged step (one series
 * per phase and loss term, log10 of the unweighted value), Cancel stops the running one cleanly.
 */
final class ExperimentsView extends BorderPane {
    private final Session session;
    final ListView<Path> specs = new ListView<>();
    final SpecForm form = new SpecForm();
    final Button run = new Button("Run");
    final Button cancel = new Button("Cancel");
    final Button save = new Button("Save");
    NewExperimentPane newExperiment;
    javafx.scene.control.TitledPane newPane;
    final ProgressBar progress = new ProgressBar(0);
    final Label stage = new Label("idle");
    final Label emptiedWarning = new Label();
    final ListView<RunQueue.Job> queueList = new ListView<>();
    final NumberAxis steps = new NumberAxis();
    final LineChart<Number, Number> chart = new LineChart<>(steps, new NumberAxis());
    private final Map<String, XYChart.Series<Number, Number>> series = new LinkedHashMap<>();
    final RunQueue queue;
    private RunQueue.Job charted;
    private final List<String> phaseOrder = new ArrayList<>();

    ExperimentsView(Session session) {
        this.session = session;
        this.queue = new RunQueue(new RunQueue.Watcher() {
            @Override
            public void stage(RunQueue.Job job, String text) {
                chartFor(job);
                stage.setText(job.name + ": " + text);
            }

            @Override
            public void logged(RunQueue.Job job, String phase, HistoryRow row, int totalSteps) {
                plot(job, phase, row, totalSteps);
            }

            @Override
            public void testing(RunQueue.Job job, int done, int total) {
                chartFor(job);
                progress.setProgress((job.phases - 1 + done / (double) total) / job.phases);
                stage.setText(String.format(Locale.ROOT, "%s: testing, %d/%d evaluations", job.name, done, total));
            }

            @Override
            public void finished(RunQueue.Job job) {
                stage.setText(job.toString());
                if (job.state.get() == RunQueue.State.COMPLETED) {
                    progress.setProgress(1);
                }
                queueList.refresh();
                session.status("run " + job);
                session.runsChanged();
            }
        });
        specs.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Path p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.getFileName().toString());
            }
        });
        specs.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> {
            if (p != null) {
                load(p);
                session.experiment.set(p);
            }
        });
        specs.setPrefWidth(200);
        session.derived.addListener((o, a, d) -> {
            if (d != null && d.spec().equals(specs.getSelectionModel().getSelectedItem())) {
                form.classNames(ImageTask.classNames(d.knowledge()));
                form.derivedConstraints(d.knowledge().constraints());
            }
        });

        save.setOnAction(e -> save());
        Button saveAs = new Button("Save as new…");
        saveAs.setOnAction(e -> saveAsNew());
        run.setOnAction(e -> runSelected());
        cancel.setOnAction(e -> cancelRunning());
        progress.setPrefWidth(260);
        queueList.setPrefHeight(110);
        queueList.setPlaceholder(new Label("no runs yet"));

        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setTitle("Loss terms (log10, unweighted) per step");
        steps.setLabel("step");
        steps.setForceZeroInRange(true);
        chart.getYAxis().setLabel("log10 value");

        ScrollPane formScroll = new ScrollPane(form.grid);
        formScroll.setFitToWidth(true);
        VBox formBox = new VBox(new ToolBar(save, saveAs), formScroll);
        VBox.setVgrow(formBox.getChildren().get(1), Priority.ALWAYS);

        // The stage line gives way to the buttons, not the other way round.
        run.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        cancel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        stage.setMinWidth(0);
        // An edit that left this experiment without a kind of constraint it had is flagged here, before Run.
        emptiedWarning.getStyleClass().addAll("problem", "error");
        emptiedWarning.setWrapText(true);
        emptiedWarning.setManaged(false);
        emptiedWarning.setVisible(false);
        Runnable flag = () -> {
            Session.Emptied em = session.emptied.get();
            boolean show = em != null && em.spec().equals(specs.getSelectionModel().getSelectedItem());
            emptiedWarning.setText(show ? "The knowledge edits left " + em.spec().getFileName() + " with no "
                    + String.join(", ", em.kinds()) + " constraint: a run would train without it (Knowledge → Edit → Undo)" : "");
            emptiedWarning.setVisible(show);
            emptiedWarning.setManaged(show);
        };
        session.emptied.addListener((o, a, b) -> flag.run());
        specs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> flag.run());
        HBox runBar = new HBox(8, run, cancel, progress, stage);
        runBar.setPadding(new Insets(6));
        // an empty chart would show axes of nothing (0 to 110 both ways): a line says what will be there
        Label noLoss = new Label("the loss terms of a run appear here, step by step, as it trains");
        noLoss.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(chart.getData()));
        chart.visibleProperty().bind(noLoss.visibleProperty().not());
        javafx.scene.layout.StackPane lossPane = new javafx.scene.layout.StackPane(chart, noLoss);
        VBox runs = new VBox(6, runBar, emptiedWarning, lossPane, new Label("Queue"), queueList);
        VBox.setVgrow(lossPane, Priority.ALWAYS);
        runs.setPadding(new Insets(4));
        queueList.setItems(queue.jobs);

        newExperiment = new NewExperimentPane(session, spec -> {
            specs.getItems().setAll(session.workspace.get().specs());
            specs.getSelectionModel().select(spec);
            newPane.setExpanded(false);
        });
        newPane = new javafx.scene.control.TitledPane("New experiment", newExperiment);
        newPane.setExpanded(false);
        newPane.expandedProperty().addListener((o, a, open) -> {
            if (open) {
                newExperiment.refill();
            }
        });
        formBox.getChildren().add(1, newPane);
        SplitPane split = new SplitPane(specs, formBox, runs);
        split.setDividerPositions(0.13, 0.48);
        setCenter(split);
        session.workspace.addListener((o, a, ws) -> {
            specs.getItems().setAll(ws.specs());
            specs.getSelectionModel().selectFirst();
        });
    }

    /** Fills the form from the spec file as written (defaults stay implicit), and says what a run would refuse. */
    private void load(Path spec) {
        // What was derived for another spec must not show here; this one's arrives from the Rules view.
        Session.Derived d = session.derived.get();
        boolean derived = d != null && d.spec().equals(spec);
        form.classNames(derived ? ImageTask.classNames(d.knowledge()) : List.of());
        form.derivedConstraints(derived ? d.knowledge().constraints() : List.of());
        form.show(SpecDocument.read(spec));
        try {
            check(SpecFile.load(spec));
        } catch (RuntimeException ex) {
            form.complain(Background.message(ex));
        }
    }

    /**
     * What a run checks before it starts, as far as it can be checked without deriving again: the
     * held-out classes against the labels last derived from this spec's knowledge.
     */
    private void check(SpecFile spec) {
        Session.Derived d = session.derived.get();
        if (spec instanceof ImageTaskSpec task && d != null && d.spec().equals(spec.source())
                && !ImageTask.classNames(d.knowledge()).isEmpty()) {
            ImageTask.heldOutLabels(task, ImageTask.classKnowledge(task, d.knowledge()), d.knowledge());
        }
    }

    /** Writes the form to {@code target} and checks it as a run would; a refusal leaves the file as it was. */
    private boolean write(Path source, Path target) {
        Map<String, Object> doc = SpecDocument.read(source);
        form.write(doc);
        String before = Files.exists(target) ? KnowledgeView.read(target) : null;
        KnowledgeView.write(target, SpecDocument.dump(doc));
        try {
            check(SpecFile.load(target));
            form.clearComplaint();
            return true;
        } catch (RuntimeException e) {
            form.complain(Background.message(e));
            if (before != null) {
                KnowledgeView.write(target, before);
            } else {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException ignored) {
                    // nothing was there before
                }
            }
            session.status("not saved: " + Background.message(e));
            return false;
        }
    }

    void save() {
        Path spec = specs.getSelectionModel().getSelectedItem();
        if (spec != null && write(spec, spec)) {
            session.status("saved " + spec.getFileName());
            session.knowledgeChanged();
        }
    }

    private void saveAsNew() {
        Path spec = specs.getSelectionModel().getSelectedItem();
        if (spec == null) {
            return;
        }
        String name = form.text("name").getText().trim().replaceAll("[^A-Za-z0-9._-]", "-");
        Path target = spec.resolveSibling((name.isEmpty() ? "experiment" : name) + ".yaml");
        for (int i = 2; Files.exists(target); i++) {
            target = spec.resolveSibling(name + "-" + i + ".yaml");
        }
        if (write(spec, target)) {
            specs.getItems().setAll(session.workspace.get().specs());
            specs.getSelectionModel().select(target);
            session.status("saved " + target.getFileName());
        }
    }

    /** Queues the selected spec as saved on disk. */
    RunQueue.Job runSelected() {
        Path p = specs.getSelectionModel().getSelectedItem();
        if (p == null) {
            session.status("select an experiment first");
            return null;
        }
        try {
            SpecFile spec = SpecFile.load(p);
            Workspace ws = session.workspace.get();
            RunQueue.Job job = queue.submit(ws.workbench(), spec, ws.newRunFolder(spec.name(), spec.seed()));
            session.status("queued " + spec.name() + " into " + job.out);
            return job;
        } catch (RuntimeException e) {
            form.complain(Background.message(e));
            session.failed(e);
            return null;
        }
    }

    void cancelRunning() {
        RunQueue.Job selected = queueList.getSelectionModel().getSelectedItem();
        RunQueue.Job job = selected != null && selected.state.get() == RunQueue.State.QUEUED ? selected : queue.running();
        if (job != null) {
            queue.cancel(job);
            stage.setText(job.name + ": cancelling…");
        }
    }

    /** The longest the JavaFX thread spent drawing one logged row, in ns (tests read it). */
    static volatile long longestPlotNanos;

    private void plot(RunQueue.Job job, String phase, HistoryRow row, int totalSteps) {
        long t0 = System.nanoTime();
        try {
            plotRow(job, phase, row, totalSteps);
        } finally {
            longestPlotNanos = Math.max(longestPlotNanos, System.nanoTime() - t0);
        }
    }

    /** A run that starts gets an empty chart and bar: the last run's must not pass for its progress. */
    private void chartFor(RunQueue.Job job) {
        if (job != charted) {
            charted = job;
            series.clear();
            chart.getData().clear();
            phaseOrder.clear();
            progress.setProgress(0);
        }
    }

    private void plotRow(RunQueue.Job job, String phase, HistoryRow row, int totalSteps) {
        chartFor(job);
        if (!phaseOrder.contains(phase)) {
            phaseOrder.add(phase);
        }
        int index = phaseOrder.indexOf(phase);
        progress.setProgress(Math.min(1, (index + row.step() / (double) totalSteps) / job.phases));
        stage.setText(String.format(Locale.ROOT, "%s: %s step %d/%d, %.1f steps/s", job.name, phase.replace('_', '-'),
                row.step(), totalSteps, row.stepsPerSecond()));
        for (Map.Entry<String, Double> t : row.terms().entrySet()) {
            double v = t.getValue();
            if (v > 0 && Double.isFinite(v)) {
                String key = phase.replace('_', '-') + " · " + t.getKey();
                XYChart.Series<Number, Number> s = series.computeIfAbsent(key, k -> {
                    XYChart.Series<Number, Number> n = new XYChart.Series<>();
                    n.setName(k);
                    chart.getData().add(n);
                    return n;
                });
                s.getData().add(new XYChart.Data<>(row.step(), Math.log10(v)));
            }
        }
    }

    /** Points plotted so far, over all series. */
    int chartPoints() {
        return chart.getData().stream().mapToInt(s -> s.getData().size()).sum();
    }
}
