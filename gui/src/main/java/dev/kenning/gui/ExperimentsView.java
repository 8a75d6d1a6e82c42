package dev.kenning.gui;

import dev.kenning.learner.HistoryRow;
import dev.kenning.workbench.spec.ExperimentSpec;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Experiment specs edited through a form, and runs: Run queues the selected spec, the progress
 * bar and the chart follow each logged step (one series per phase and loss term, log10 of the
 * unweighted value), Cancel stops the running one cleanly.
 */
final class ExperimentsView extends BorderPane {
    private final Session session;
    final ListView<Path> specs = new ListView<>();
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final ComboBox<String> generator = new ComboBox<>();
    private final CheckBox baseline = new CheckBox("train a supervised baseline beside it");
    private final Label formProblem = new Label();
    final Button run = new Button("Run");
    final Button cancel = new Button("Cancel");
    final ProgressBar progress = new ProgressBar(0);
    final Label stage = new Label("idle");
    final ListView<RunQueue.Job> queueList = new ListView<>();
    final NumberAxis steps = new NumberAxis();
    final LineChart<Number, Number> chart = new LineChart<>(steps, new NumberAxis());
    private final Map<String, XYChart.Series<Number, Number>> series = new LinkedHashMap<>();
    final RunQueue queue;
    private RunQueue.Job charted;
    private final List<String> phaseOrder = new ArrayList<>();

    /** Form rows: YAML path (section.key) and label. */
    private static final String[][] FORM = {
            {"name", "name"}, {"seed", "seed"},
            {"knowledge.ontologies", "ontologies (comma-separated)"}, {"knowledge.rules", "rule packs (comma-separated)"},
            {"data.train_videos", "training videos"}, {"data.test_videos", "test videos"}, {"data.frames", "frames per video"},
            {"data.fps", "frames per second"}, {"data.image_size", "image size (px)"},
            {"model.conv_channels", "conv channels (comma-separated)"}, {"model.dense", "dense units"},
            {"training.steps", "training steps"}, {"training.batch_videos", "videos per batch"},
            {"training.learning_rate", "learning rate"}, {"training.log_every", "log every (steps)"}};

    ExperimentsView(Session session) {
        this.session = session;
        this.queue = new RunQueue(new RunQueue.Watcher() {
            @Override
            public void stage(RunQueue.Job job, String text) {
                stage.setText(job.name + ": " + text);
            }

            @Override
            public void logged(RunQueue.Job job, String phase, HistoryRow row, int totalSteps) {
                plot(job, phase, row, totalSteps);
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

        Button save = new Button("Save");
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

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(5);
        form.setPadding(new Insets(10));
        int row = 0;
        generator.getItems().setAll(ExperimentSpec.GENERATORS.keySet());
        for (String[] f : FORM) {
            TextField field = new TextField();
            field.setPrefColumnCount(22);
            fields.put(f[0], field);
            form.addRow(row++, new Label(f[1]), field);
            if (f[0].equals("knowledge.rules")) {
                form.addRow(row++, new Label("data generator"), generator);
            }
        }
        form.add(baseline, 1, row++);
        formProblem.setWrapText(true);
        formProblem.getStyleClass().add("problem");
        formProblem.setMaxWidth(380);
        form.add(formProblem, 0, row, 2, 1);
        VBox formBox = new VBox(new ToolBar(save, saveAs), new ScrollPane(form));

        HBox runBar = new HBox(8, run, cancel, progress, stage);
        runBar.setPadding(new Insets(6));
        VBox runs = new VBox(6, runBar, chart, new Label("Queue"), queueList);
        VBox.setVgrow(chart, Priority.ALWAYS);
        runs.setPadding(new Insets(4));
        queueList.setItems(queue.jobs);

        SplitPane split = new SplitPane(specs, formBox, runs);
        split.setDividerPositions(0.14, 0.45);
        setCenter(split);
        session.workspace.addListener((o, a, ws) -> {
            specs.getItems().setAll(ws.specs());
            specs.getSelectionModel().selectFirst();
        });
    }

    /** Fills the form from the spec file as written (defaults stay implicit). */
    private void load(Path spec) {
        Map<String, Object> doc = yaml(spec);
        for (Map.Entry<String, TextField> e : fields.entrySet()) {
            Object v = get(doc, e.getKey());
            e.getValue().setText(v == null ? "" : v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
                    : String.valueOf(v));
        }
        Object g = get(doc, "data.generator");
        generator.setValue(g == null ? null : g.toString());
        Object b = get(doc, "training.supervised_baseline");
        baseline.setSelected(b == null || Boolean.TRUE.equals(b));
        formProblem.setText("");
        try {
            ExperimentSpec.load(spec);
        } catch (RuntimeException ex) {
            formProblem.setText(Background.message(ex));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path spec) {
        try (Reader r = Files.newBufferedReader(spec)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            return doc instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    private static Object get(Map<String, Object> doc, String path) {
        String[] parts = path.split("\\.");
        Object cur = doc;
        for (String p : parts) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(p);
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> doc, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> cur = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = cur.get(parts[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                cur.put(parts[i], next);
            }
            cur = (Map<String, Object>) next;
        }
        if (value == null) {
            cur.remove(parts[parts.length - 1]);
        } else {
            cur.put(parts[parts.length - 1], value);
        }
    }

    /** The form's values: numbers as numbers, lists as lists; blank fields fall back to the defaults. */
    private Map<String, Object> formDocument(Path spec) {
        Map<String, Object> doc = yaml(spec);
        for (Map.Entry<String, TextField> e : fields.entrySet()) {
            String text = e.getValue().getText().trim();
            Object value;
            if (text.isEmpty()) {
                value = null;
            } else if (e.getKey().endsWith("ontologies") || e.getKey().endsWith("rules") || e.getKey().endsWith("conv_channels")) {
                List<Object> items = new ArrayList<>();
                for (String s : text.split(",")) {
                    items.add(number(s.trim()));
                }
                value = items;
            } else {
                value = number(text);
            }
            put(doc, e.getKey(), value);
        }
        put(doc, "data.generator", generator.getValue());
        put(doc, "training.supervised_baseline", baseline.isSelected());
        return doc;
    }

    private static Object number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return s;
            }
        }
    }

    /** Writes the form to {@code target} and checks it as a run would; the message names the line. */
    private boolean write(Path source, Path target) {
        Map<String, Object> doc = formDocument(source);
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        opts.setIndent(2);
        String text = "# Edited in the Kenning desktop workbench.\n" + new Yaml(opts).dump(doc);
        String before = Files.exists(target) ? KnowledgeView.read(target) : null;
        KnowledgeView.write(target, text);
        try {
            ExperimentSpec.load(target);
            formProblem.setText("");
            return true;
        } catch (RuntimeException e) {
            formProblem.setText(Background.message(e));
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

    private void save() {
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
        String name = fields.get("name").getText().trim().replaceAll("[^A-Za-z0-9._-]", "-");
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
            ExperimentSpec spec = ExperimentSpec.load(p);
            RunQueue.Job job = queue.submit(spec, session.workspace.get().newRunFolder(spec.name(), spec.seed()));
            session.status("queued " + spec.name() + " into " + job.out);
            return job;
        } catch (RuntimeException e) {
            formProblem.setText(Background.message(e));
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

    private void plotRow(RunQueue.Job job, String phase, HistoryRow row, int totalSteps) {
        if (job != charted) {
            charted = job;
            series.clear();
            chart.getData().clear();
            phaseOrder.clear();
        }
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
