package dev.kenning.gui;

import dev.kenning.workbench.edit.NewExperiment;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Start from nothing: the task, the data it reads, the ontologies and rule packs (several can be
 * chosen with Ctrl or Shift), and a name; *Create* writes a spec that loads as a run would load it
 * and opens it in the form.
 */
final class NewExperimentPane extends javafx.scene.layout.HBox {
    private final Session session;
    private final Consumer<Path> created;
    final TextField name = new TextField();
    final ChoiceBox<NewExperiment.Task> task = new ChoiceBox<>();
    final ChoiceBox<String> data = new ChoiceBox<>();
    final TextField folder = new TextField();
    final TextField heldOut = new TextField();
    final ListView<Path> ontologies = new ListView<>();
    final ListView<Path> packs = new ListView<>();
    final Button create = new Button("Create");

    NewExperimentPane(Session session, Consumer<Path> created) {
        this.session = session;
        this.created = created;
        name.setPromptText("name, e.g. moon-drop");
        task.getItems().setAll(NewExperiment.Task.values());
        task.valueProperty().addListener((o, a, t) -> {
            data.getItems().setAll(t.sources());
            data.getSelectionModel().selectFirst();
            heldOut.setDisable(t != NewExperiment.Task.FEW_SHOT && t != NewExperiment.Task.ZERO_SHOT);
        });
        task.setValue(NewExperiment.Task.LABEL_FREE);
        data.valueProperty().addListener((o, a, d) -> folder.setDisable(!"folder".equals(d)));
        folder.setPromptText("data folder");
        folder.setDisable(true);
        Button browse = new Button("…");
        browse.setOnAction(e -> {
            java.io.File f = new DirectoryChooser().showDialog(getScene().getWindow());
            if (f != null) {
                folder.setText(f.toString());
            }
        });
        heldOut.setPromptText("held out: coat, sandal, or a file");
        for (ListView<Path> l : List.of(ontologies, packs)) {
            l.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
            l.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
                @Override
                protected void updateItem(Path p, boolean empty) {
                    super.updateItem(p, empty);
                    setText(empty || p == null ? null : p.getFileName().toString());
                }
            });
            l.setPrefHeight(120);
            l.setPrefWidth(200);
        }
        create.setOnAction(e -> create());
        VBox left = new VBox(4, new Label("Task"), task, new Label("Data"), data, new javafx.scene.layout.HBox(4, folder, browse),
                heldOut, new Label("Name"), name, create);
        VBox right = new VBox(4, new Label("Knowledge (Ctrl: several)"), ontologies, new Label("Rule packs"), packs);
        getChildren().addAll(left, right);
        setSpacing(10);
        setPadding(new Insets(6));
        session.workspace.addListener((o, a, ws) -> refill());
    }

    /** The workspace's knowledge files (ontologies, then class × attribute tables) and packs to choose from. */
    void refill() {
        Workspace ws = session.workspace.get();
        ontologies.getItems().setAll(ws.knowledgeFiles());
        packs.getItems().setAll(ws.rulePacks());
    }

    void create() {
        try {
            Workspace ws = session.workspace.get();
            NewExperiment n = new NewExperiment(name.getText(), task.getValue(), data.getValue(),
                    folder.getText().isBlank() ? null : Path.of(folder.getText().trim()),
                    List.copyOf(ontologies.getSelectionModel().getSelectedItems()), List.copyOf(packs.getSelectionModel().getSelectedItems()),
                    NewExperiment.heldOutOf(heldOut.getText()));
            Background.run(() -> n.write(ws.experiments()), spec -> {
                session.status("created " + spec.getFileName() + ": fill in the rest in the form, then Run");
                created.accept(spec);
            }, session::failed);
        } catch (RuntimeException e) {
            session.failed(e);
        }
    }
}
