package dev.kenning.gui;

import dev.kenning.core.KenningJson;
import dev.kenning.core.run.Metrics;
import dev.kenning.workbench.ExportedBundle;
import dev.kenning.workbench.Predictions;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.registry.FinishedRun;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.registry.RunComparison;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.DirectoryChooser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs of the workspace: the list with status and headline metrics; for one run its metrics,
 * every plot it wrote, its confusion matrix as a heat map when it has one, its HTML report and
 * the export of its model bundle (with the manifest shown) and that bundle's predictions on a folder
 * the user chooses (what {@code kenning predict} prints); for several, a side-by-side table
 * with mean ± 95% CI per experiment; and the workspace's sweeps, each with its runs together and
 * its comparison ({@link SweepsPane}).
 */
final class ResultsView extends BorderPane {
    private final Session session;
    private final Consumer<String> openDocument;
    final TableView<RunSummary> runs = new TableView<>();
    final TableView<Map.Entry<String, Double>> metrics = new TableView<>();
    final VBox plots = new VBox(10);
    final TabPane detail = new TabPane();
    final ComboBox<String> phase = new ComboBox<>();
    final TextArea manifest = new TextArea();
    final Button predict = new Button("Predict…");
    final ComboBox<String> engine = new ComboBox<>();
    final ProgressBar predictProgress = new ProgressBar(0);
    final TextArea predicted = new TextArea();
    /** Each run's bundle exported last from this view, which Predict uses without asking. */
    private final Map<Path, Path> exported = new HashMap<>();
    final TableView<List<String>> comparison = new TableView<>();
    private final Tab compareTab = new Tab("Compare");
    final SweepsPane sweeps;
    final Tab sweepsTab = new Tab("Sweeps");

    ResultsView(Session session, Consumer<String> openDocument) {
        this.session = session;
        this.openDocument = openDocument;
        this.sweeps = new SweepsPane(session);
        runs.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runs.getColumns().setAll(
                column("run", 250, r -> r.path().getFileName().toString()),
                column("status", 90, RunSummary::status),
                column("headline metrics", 380, r -> r.metrics().isEmpty() ? r.message() : r.headline()));
        runs.setPlaceholder(new Label("no runs in this workspace yet: run an experiment"));
        runs.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> show(r));

        TableColumn<Map.Entry<String, Double>, String> name = new TableColumn<>("metric");
        name.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().getKey()));
        name.setPrefWidth(240);
        TableColumn<Map.Entry<String, Double>, String> value = new TableColumn<>("value");
        value.setCellValueFactory(d -> new ReadOnlyStringWrapper(String.format(Locale.ROOT, "%.5g", d.getValue().getValue())));
        value.setPrefWidth(120);
        metrics.getColumns().setAll(List.of(name, value));

        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> refresh());
        Button compare = new Button("Compare selected");
        compare.setOnAction(e -> compareSelected());
        Button report = new Button("Open report");
        report.setOnAction(e -> {
            RunSummary r = runs.getSelectionModel().getSelectedItem();
            if (r != null && Files.isRegularFile(r.folder().reportFile())) {
                openDocument.accept(r.folder().reportFile().toUri().toString());
            } else {
                session.status("the selected run has no report.html (only completed runs write one)");
            }
        });
        phase.getItems().setAll(ExportedBundle.PHASES);
        phase.setValue(ExportedBundle.PHASES.get(0));
        Button export = new Button("Export bundle…");
        export.setOnAction(e -> {
            RunSummary r = runs.getSelectionModel().getSelectedItem();
            if (r == null) {
                return;
            }
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Folder to hold the bundle folder");
            java.io.File parent = chooser.showDialog(getScene().getWindow());
            if (parent != null) {
                export(parent.toPath().resolve(r.path().getFileName() + "-" + phase.getValue()));
            }
        });
        manifest.setEditable(false);
        manifest.setPromptText("Export a run's model to see its bundle's manifest.json here");
        manifest.getStyleClass().add("mono");
        engine.getItems().setAll("samediff", "onnx");
        engine.setValue("samediff");
        predict.setOnAction(e -> choosePredict());
        predictProgress.setPrefWidth(110);
        engine.setPrefWidth(105);
        predict.setTooltip(new Tooltip("Run the exported model on a folder of images or image sequences you choose"));
        predicted.setEditable(false);
        predicted.setWrapText(true);
        predicted.setPromptText("Predict… runs an exported model on images you choose (a folder of class folders"
                + " is scored, as torchvision's ImageFolder reads it; an image-sequence folder with labels.csv too)"
                + " and shows here what kenning predict prints");
        SplitPane exportPane = new SplitPane(manifest, predicted);
        exportPane.setOrientation(javafx.geometry.Orientation.VERTICAL);
        exportPane.setDividerPositions(0.6);

        ScrollPane plotScroll = new ScrollPane(plots);
        plotScroll.setFitToWidth(true);
        plots.setPadding(new Insets(8));
        detail.getTabs().addAll(new Tab("Metrics", metrics), new Tab("Plots", plotScroll),
                new Tab("Export", new BorderPane(exportPane, new ToolBar(new Label("model:"), phase, export, new Separator(),
                        predict, new Label("engine:"), engine, predictProgress), null, null, null)),
                compareTab, sweepsTab);
        compareTab.setContent(comparison);
        sweepsTab.setContent(sweeps);
        detail.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane split = new SplitPane(runs, detail);
        split.setDividerPositions(0.42);
        setCenter(split);
        setTop(new ToolBar(refresh, compare, report));
        session.workspace.addListener((o, a, ws) -> refresh());
        session.runChanges.addListener((o, a, b) -> refresh());
    }

    /** A column of text; a cell too narrow for its text shows it whole in a tooltip (a tracking run's headline is long). */
    private static <T> TableColumn<T, String> column(String name, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                boolean blank = empty || text == null || text.isEmpty();
                setText(blank ? null : text);
                setTooltip(blank ? null : new Tooltip(text));
            }
        });
        c.setPrefWidth(width);
        return c;
    }

    void refresh() {
        Workspace ws = session.workspace.get();
        sweeps.refresh();
        Background.run(() -> ws.runFolders().stream().map(RunSummary::read).toList(), list -> {
            Path selected = runs.getSelectionModel().getSelectedItem() == null ? null
                    : runs.getSelectionModel().getSelectedItem().path();
            runs.getItems().setAll(list);
            list.stream().filter(r -> r.path().equals(selected)).findFirst()
                    .ifPresentOrElse(r -> runs.getSelectionModel().select(r), () -> runs.getSelectionModel().selectFirst());
        }, session::failed);
    }

    private void show(RunSummary r) {
        plots.getChildren().clear();
        if (r == null) {
            metrics.getItems().clear();
            return;
        }
        // the models this run's export may take: label_free/supervised, or an image run's knowledge-sN/baseline-sN
        List<String> phases = Workbench.exportablePhases(r.path());
        if (!phases.equals(phase.getItems())) {
            phase.getItems().setAll(phases);
            phase.setValue(phases.isEmpty() ? null : phases.get(0));
        }
        metrics.getItems().setAll(new ArrayList<>(r.metrics().entrySet()));
        // what `kenning run` prints after its metrics and report.html opens with: a model that learned
        // nothing, or runs against its labels
        for (String warning : Metrics.of(r.metrics()).warnings()) {
            Label said = new Label("Warning: " + warning);
            said.setWrapText(true);
            said.getStyleClass().addAll("problem", "error");
            said.maxWidthProperty().bind(detail.widthProperty().subtract(40));
            plots.getChildren().add(said);
        }
        if (r.confusion() != null) {
            plots.getChildren().addAll(new Label("Confusion matrix (rows: true class, columns: predicted)"), heatMap(r.confusion()));
        }
        for (Path png : r.plots()) {
            ImageView view = new ImageView(new Image(png.toUri().toString(), true));
            view.setPreserveRatio(true);
            view.fitWidthProperty().bind(detail.widthProperty().subtract(40));
            plots.getChildren().addAll(new Label(png.getFileName().toString()), view);
        }
        if (r.plots().isEmpty() && r.confusion() == null) {
            plots.getChildren().add(new Label("This run wrote no plots (status: " + r.status() + ")."));
        }
    }

    /** Counts as cells shaded by their share of the largest count. */
    static GridPane heatMap(RunSummary.Confusion c) {
        GridPane grid = new GridPane();
        grid.setHgap(1);
        grid.setVgap(1);
        long max = Math.max(1, c.max());
        for (int j = 0; j < c.classes().size(); j++) {
            Label head = new Label(c.classes().get(j));
            head.setRotate(-60);
            head.setMinHeight(60);
            grid.add(head, j + 1, 0);
        }
        for (int i = 0; i < c.counts().length; i++) {
            grid.add(new Label(i < c.classes().size() ? c.classes().get(i) : "row " + (i + 1)), 0, i + 1);
            for (int j = 0; j < c.counts()[i].length; j++) {
                double share = c.counts()[i][j] / (double) max;
                Rectangle cell = new Rectangle(38, 26, Color.rgb(33, 102, 172, 0.08 + 0.92 * share));
                Label count = new Label(Long.toString(c.counts()[i][j]));
                count.setTextFill(share > 0.5 ? Color.WHITE : Color.BLACK);
                StackPane s = new StackPane(cell, count);
                s.setAlignment(Pos.CENTER);
                s.getStyleClass().add("heat-cell");
                grid.add(s, j + 1, i + 1);
            }
        }
        return grid;
    }

    /** Exports the selected run's model to {@code out} and shows the bundle's manifest. */
    void export(Path out) {
        RunSummary r = runs.getSelectionModel().getSelectedItem();
        if (r == null) {
            session.status("select a completed run to export");
            return;
        }
        String which = phase.getValue();
        Workbench workbench = session.workspace.get().workbench();
        session.status("exporting the " + which + " model of " + r.path().getFileName() + "…");
        Background.run(() -> {
            try (ExportedBundle bundle = workbench.exportBundle(r.path(), which, out, false)) {
                String said = bundle.namesImagesBy();
                return List.of(KenningJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(bundle.manifest()),
                        said == null ? "" : "; the model " + said);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }, text -> {
            exported.put(r.path(), out);
            manifest.setText(text.get(0));
            detail.getSelectionModel().select(2);
            session.status("exported " + out + " (model.sdz, model.onnx, knowledge/, manifest.json)" + text.get(1));
        }, session::failed);
    }

    /**
     * Asks what to predict: the selected run's bundle exported last here (else a bundle folder),
     * the folder of images or image sequences, and for a few-shot model its support folder.
     */
    private void choosePredict() {
        RunSummary r = runs.getSelectionModel().getSelectedItem();
        Path exportedBundle = r == null ? null : exported.get(r.path());
        Path bundle = exportedBundle != null && Files.isRegularFile(exportedBundle.resolve("manifest.json")) ? exportedBundle
                : chooseFolder("The bundle folder to predict with (Export bundle… or kenning export made it)");
        if (bundle == null) {
            return;
        }
        // reading the bundle checks its files' hashes: off the JavaFX thread
        Background.run(() -> Workbench.predictNeedsSupport(bundle), needsSupport -> {
            Path input = chooseFolder("The images to name (class folders optional) or image sequences to track");
            if (input == null) {
                return;
            }
            Path support = null;
            if (needsSupport) {
                support = chooseFolder("Support images: one subfolder per class, a few images each");
                if (support == null) {
                    session.status("a few-shot model names images among the classes of support images: choose a support folder");
                    return;
                }
            }
            predict(bundle, input, support);
        }, session::failed);
    }

    private Path chooseFolder(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        java.io.File f = chooser.showDialog(getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /**
     * Runs the bundle's model on {@code input} off the JavaFX thread, with the bar following each
     * block of images, writes the predictions to the workspace's predictions/ folder and shows
     * what {@code kenning predict} would print.
     *
     * @param support a few-shot model's support folder, else null
     */
    void predict(Path bundle, Path input, Path support) {
        Workspace ws = session.workspace.get();
        Path csv = ws.predictions().resolve(bundle.getFileName() + "-on-" + input.getFileName() + ".csv");
        String chosen = engine.getValue();
        predict.setDisable(true);
        predictProgress.setProgress(ProgressIndicator.INDETERMINATE_PROGRESS);
        predicted.clear();
        session.status("predicting " + input + " with " + bundle.getFileName() + " (" + chosen + ")…");
        Thread worker = new Thread(() -> {
            try {
                Predictions p = ws.workbench().predict(bundle, input, support, chosen, csv,
                        (done, total) -> Platform.runLater(() -> predictProgress.setProgress(done / (double) total)));
                List<String> lines = p.summary();
                Platform.runLater(() -> {
                    predictProgress.setProgress(1);
                    predict.setDisable(false);
                    predicted.setText(String.join("\n", lines));
                    detail.getSelectionModel().select(2);
                    session.status(lines.size() > 1 ? lines.get(1) : lines.get(0));
                });
            } catch (Throwable e) {
                Platform.runLater(() -> {
                    predictProgress.setProgress(0);
                    predict.setDisable(false);
                    session.failed(e);
                });
            }
        }, "kenning-predict");
        worker.setDaemon(true);
        worker.start();
    }

    /** One row per metric, one column per selected run, and mean ± 95% CI for experiments with several runs. */
    void compareSelected() {
        List<RunSummary> selected = List.copyOf(runs.getSelectionModel().getSelectedItems());
        List<FinishedRun> finished = new ArrayList<>();
        for (RunSummary r : selected) {
            if (!r.metrics().isEmpty()) {
                finished.add(FinishedRun.read(r.path()));
            }
        }
        if (finished.isEmpty()) {
            session.status("select completed runs to compare (Ctrl-click for several)");
            return;
        }
        RunComparison cmp = RunComparison.of(finished);
        List<String> headers = new ArrayList<>(List.of("metric"));
        finished.forEach(f -> headers.add(f.label()));
        Map<String, Map<String, MeanInterval>> summaries = new LinkedHashMap<>();
        cmp.groups().forEach((experiment, group) -> {
            if (group.size() > 1) {
                summaries.put(experiment, cmp.summary(experiment));
                headers.add(experiment + ": mean ± 95% CI (n=" + group.size() + ")");
            }
        });
        comparison.getColumns().clear();
        for (int i = 0; i < headers.size(); i++) {
            int col = i;
            TableColumn<List<String>, String> c = new TableColumn<>(headers.get(i));
            c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().get(col)));
            c.setPrefWidth(i == 0 ? 220 : 170);
            comparison.getColumns().add(c);
        }
        comparison.getItems().clear();
        for (String m : cmp.metrics()) {
            List<String> row = new ArrayList<>(List.of(m));
            finished.forEach(f -> row.add(f.metrics().containsKey(m) ? String.format(Locale.ROOT, "%.4f", f.metrics().get(m)) : ""));
            summaries.values().forEach(s -> row.add(s.get(m).format("%.4f")));
            comparison.getItems().add(row);
        }
        detail.getSelectionModel().select(compareTab);
    }
}
