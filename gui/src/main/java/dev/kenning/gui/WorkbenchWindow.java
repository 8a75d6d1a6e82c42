package dev.kenning.gui;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.function.Consumer;

/** The main window: a workspace menu, the four views as tabs, and a status line. */
final class WorkbenchWindow {
    final Session session = new Session();
    final KnowledgeView knowledge = new KnowledgeView(session);
    final RulesView rules = new RulesView(session);
    final ExperimentsView experiments = new ExperimentsView(session);
    final ResultsView results;
    final TabPane tabs = new TabPane();
    final Scene scene;
    private final Stage stage;
    private final Menu recent = new Menu("Recent workspaces");

    WorkbenchWindow(Stage stage, Consumer<String> openDocument) {
        this.stage = stage;
        results = new ResultsView(session, openDocument);
        tabs.getTabs().addAll(new Tab("Knowledge", knowledge), new Tab("Rules", rules),
                new Tab("Experiments", experiments), new Tab("Results", results));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        MenuItem open = new MenuItem("Open or create workspace…");
        open.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Workspace folder (an empty folder becomes a new workspace)");
            java.io.File dir = chooser.showDialog(stage);
            if (dir != null) {
                open(dir.toPath());
            }
        });
        MenuItem quit = new MenuItem("Quit");
        quit.setOnAction(e -> stage.close());
        Menu menu = new Menu("Workspace", null, open, recent, new SeparatorMenuItem(), quit);
        fillRecent();
        Label status = new Label();
        status.textProperty().bind(session.status);
        status.getStyleClass().add("status-bar");
        status.setMaxWidth(Double.MAX_VALUE);
        BorderPane root = new BorderPane(tabs, new MenuBar(menu), null, status, null);
        scene = new Scene(root, 1400, 880);
        scene.getStylesheets().add(WorkbenchWindow.class.getResource("kenning.css").toExternalForm());
        // Undo and redo of knowledge edits from anywhere in the window (a text field keeps its own).
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), knowledge.edit::undo);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                knowledge.edit::redo);
        // Save (the visible view's file), find, run, and the views by number.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::save);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            select("Knowledge");
            knowledge.search.requestFocus();
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), () -> {
            select("Experiments");
            experiments.runSelected();
        });
        for (int i = 0; i < 4; i++) {
            int tab = i;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.valueOf("DIGIT" + (i + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> tabs.getSelectionModel().select(tab));
        }
        stage.setScene(scene);
        stage.setTitle("Kenning workbench");
    }

    /** Opens (or creates) the workspace; runs started from here are recorded in its store. */
    void open(Path dir) {
        try {
            Workspace ws = Workspace.openOrCreate(dir);
            RecentWorkspaces.remember(ws.root());
            fillRecent();
            session.workspace.set(ws);
            stage.setTitle("Kenning workbench — " + ws.root());
            session.status("opened " + ws.root());
        } catch (RuntimeException e) {
            session.failed(e);
        }
    }

    private void fillRecent() {
        recent.getItems().clear();
        for (Path p : RecentWorkspaces.list()) {
            MenuItem item = new MenuItem(p.toString());
            item.setOnAction(e -> open(p));
            recent.getItems().add(item);
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    /** Ctrl+S: saves what the visible view edits (Turtle file, rule pack, spec). */
    void save() {
        switch (tabs.getSelectionModel().getSelectedItem().getText()) {
            case "Knowledge" -> knowledge.saveTurtle();
            case "Rules" -> rules.save();
            case "Experiments" -> experiments.save();
            default -> session.status("nothing to save in this view");
        }
    }

    void select(String tab) {
        tabs.getTabs().stream().filter(t -> t.getText().equals(tab)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }
}
