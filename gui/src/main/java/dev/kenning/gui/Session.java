package dev.kenning.gui;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Path;

/**
 * What the views share: the open workspace, the experiment selected in the Experiments view
 * (the Rules view derives its constraints), a counter bumped whenever a knowledge file or rule
 * pack changes, the run list changing, and the status line. Touched on the JavaFX thread only.
 */
final class Session {
    final ObjectProperty<Workspace> workspace = new SimpleObjectProperty<>();
    final ObjectProperty<Path> experiment = new SimpleObjectProperty<>();
    final IntegerProperty knowledgeChanges = new SimpleIntegerProperty();
    final IntegerProperty runChanges = new SimpleIntegerProperty();
    final StringProperty status = new SimpleStringProperty("");

    void knowledgeChanged() {
        knowledgeChanges.set(knowledgeChanges.get() + 1);
    }

    void runsChanged() {
        runChanges.set(runChanges.get() + 1);
    }

    void status(String message) {
        status.set(message);
    }

    void failed(Throwable e) {
        status.set("error: " + Background.message(e));
    }
}
