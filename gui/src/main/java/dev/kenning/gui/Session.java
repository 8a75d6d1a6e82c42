package dev.kenning.gui;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import dev.kenning.workbench.DerivedKnowledge;

import java.nio.file.Path;

/**
 * What the views share: the open workspace, the experiment selected in the Experiments view
 * (the Rules view derives its constraints, and says what it derived for the form), a counter bumped whenever a knowledge file or rule
 * pack changes, the run list changing, and the status line. Touched on the JavaFX thread only.
 */
final class Session {
    final ObjectProperty<Workspace> workspace = new SimpleObjectProperty<>();
    final ObjectProperty<Path> experiment = new SimpleObjectProperty<>();
    final ObjectProperty<Derived> derived = new SimpleObjectProperty<>();
    final IntegerProperty knowledgeChanges = new SimpleIntegerProperty();
    final IntegerProperty runChanges = new SimpleIntegerProperty();
    final StringProperty status = new SimpleStringProperty("");
    /** What the last knowledge edit took from an experiment: the spec, and the kinds of constraint it no longer has. */
    final ObjectProperty<Emptied> emptied = new SimpleObjectProperty<>();

    /** An experiment left without any constraint of these kinds by the last edit. */
    record Emptied(Path spec, java.util.Set<String> kinds) {
    }

    /** What the rules derived from a spec's knowledge. */
    record Derived(Path spec, DerivedKnowledge knowledge) {
    }

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
