package dev.kenning.gui;

import dev.kenning.workbench.sweep.SweepComparison;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import javafx.geometry.Orientation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The sweeps recorded in the workspace ({@code kenning sweep --workspace WS/store}): pick one to
 * see its runs together (configuration, seed, status, why a failed one failed) and its comparison
 * (the table and plot the sweep wrote in its folder).
 */
final class SweepsPane extends SplitPane {
    private final Session session;
    final TableView<Map<String, String>> sweeps = new TableView<>();
    final TableView<Map<String, String>> runs = new TableView<>();
    final TextArea comparison = new TextArea();
    private final ImageView plot = new ImageView();

    SweepsPane(Session session) {
        this.session = session;
        sweeps.getColumns().setAll(List.of(column("sweep", 260, "label"), column("experiment", 140, "experiment"),
                column("status", 90, "status"), column("started", 200, "started")));
        sweeps.setPlaceholder(new Label("no sweeps recorded in this workspace: kenning sweep SPEC --workspace WORKSPACE/store"));
        runs.getColumns().setAll(List.of(column("configuration", 240, "configuration"), column("seed", 50, "seed"),
                column("status", 90, "status"), column("run folder or message", 420, r -> r.containsKey("message")
                        ? r.get("message") : r.getOrDefault("folder", ""))));
        comparison.setEditable(false);
        comparison.getStyleClass().add("mono");
        comparison.setPromptText("the selected sweep's comparison");
        plot.setPreserveRatio(true);
        plot.setFitWidth(640);
        ScrollPane right = new ScrollPane(new VBox(8, comparison, plot));
        right.setFitToWidth(true);
        SplitPane left = new SplitPane(sweeps, runs);
        left.setOrientation(Orientation.VERTICAL);
        getItems().setAll(left, right);
        setDividerPositions(0.5);
        sweeps.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> show(s));
    }

    private static TableColumn<Map<String, String>, String> column(String name, double width, String key) {
        return column(name, width, r -> r.getOrDefault(key, ""));
    }

    private static TableColumn<Map<String, String>, String> column(String name, double width,
                                                                  Function<Map<String, String>, String> value) {
        TableColumn<Map<String, String>, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    void refresh() {
        Workspace ws = session.workspace.get();
        if (ws == null) {
            return;
        }
        Background.run(() -> ws.withStore(kb -> kb.runRegistry().sweeps()), list -> {
            sweeps.getItems().setAll(list);
            if (!list.isEmpty() && sweeps.getSelectionModel().getSelectedItem() == null) {
                sweeps.getSelectionModel().selectFirst();
            }
        }, session::failed);
    }

    private void show(Map<String, String> sweep) {
        runs.getItems().clear();
        comparison.clear();
        plot.setImage(null);
        if (sweep == null) {
            return;
        }
        Workspace ws = session.workspace.get();
        Path folder = Path.of(sweep.get("folder"));
        Background.run(() -> ws.withStore(kb -> kb.runRegistry().sweepRuns(sweep.get("sweep"))), list -> {
            runs.getItems().setAll(list);
            comparison.setText(read(folder.resolve(SweepComparison.TABLE)));
            Path png = folder.resolve(SweepComparison.PLOT);
            if (Files.isRegularFile(png)) {
                plot.setImage(new Image(png.toUri().toString(), true));
            }
        }, session::failed);
    }

    private static String read(Path table) {
        try {
            return Files.isRegularFile(table) ? Files.readString(table)
                    : "No comparison in " + table.getParent() + " (the sweep is still running, or its folder moved).";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
