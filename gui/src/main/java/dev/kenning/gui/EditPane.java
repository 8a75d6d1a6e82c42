package dev.kenning.gui;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.workbench.edit.ConstraintDiff;
import dev.kenning.workbench.edit.Edit;
import dev.kenning.workbench.edit.OntologyEditor;
import dev.kenning.workbench.edit.OntologyEditor.AttributeLink;
import dev.kenning.workbench.edit.OntologyEditor.Named;
import dev.kenning.workbench.DerivedKnowledge;
import dev.kenning.workbench.OneBatchLosses;
import dev.kenning.workbench.spec.SpecFile;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Knowledge view's forms for editing the ontology without Turtle: the selected class's new
 * subclass, label, parent, disjointness, attributes and deletion; a new law with a parameter and
 * its unit; an observation's law and frame rate; undo and redo. Every edit goes through the
 * workbench's {@link OntologyEditor} (which refuses breaking edits, leaving the files as they were)
 * and is followed by the constraint diff of the selected experiment: what its rules derive
 * before and after, and a warning when a kind of constraint it had is gone.
 */
final class EditPane extends VBox {
    private final Session session;
    private final Supplier<KnowledgeGraphs.OntClass> selected;
    private final Consumer<Edit> afterEdit;
    private OntologyEditor editor;

    final Label classLabel = new Label("Select a class in the tree");
    final TextField subclassName = field("name of the new subclass");
    final Button addSubclass = new Button("Add subclass");
    final TextField newLabel = field("new label");
    final Button rename = new Button("Rename");
    final TextField newIri = field("new IRI, e.g. https://kenning.dev/fashion#Boot");
    final Button renameIri = new Button("Rename IRI");
    final TextField moveTo = field("new parent (label or fa:Footwear), or drag the class in the tree");
    final Button move = new Button("Move under");
    final TextField disjointWith = field("class (label or IRI)");
    final Button disjoint = new Button("Disjoint with");
    final TextField attribute = field("attribute (label or fa:heel)");
    final ChoiceBox<String> attributeLink = new ChoiceBox<>();
    final Button setAttribute = new Button("Set attribute");
    final Button previewDelete = new Button("Preview delete");
    final Button delete = new Button("Delete class");
    final javafx.scene.control.CheckBox withSubclasses = new javafx.scene.control.CheckBox("with its subclasses");
    final ComboBox<Named> lawType = new ComboBox<>();
    final TextField lawName = field("name of the law");
    final TextField symbol = field("symbol");
    final TextField value = field("value");
    final TextField unit = field("unit");
    final Button addLaw = new Button("Add law");
    final ComboBox<Named> observation = new ComboBox<>();
    final ComboBox<Named> law = new ComboBox<>();
    final Button govern = new Button("Govern by law");
    final TextField frameRate = field("fps");
    final Button setFrameRate = new Button("Set frame rate");
    final TextField output = field("model output");
    final Button setOutput = new Button("Set output");
    final TextField newAttributeName = field("new attribute's label, e.g. buckle");
    final Button addNewAttribute = new Button("New attribute on the class");
    final Button undo = new Button("Undo");
    final Button redo = new Button("Redo");
    final Label historyText = new Label();
    final Label diffTitle = new Label("Constraint diff: make an edit to see what it changes");
    final Label warning = new Label();
    final ListView<String> diff = new ListView<>();
    /** Per experiment, the kinds of constraint it had before the first edit made while it was selected. */
    private final Map<Path, java.util.Set<String>> baselineKinds = new java.util.HashMap<>();
    /** Edits finished (done, undone or redone), for tests to wait on. */
    int edits;

    EditPane(Session session, Supplier<KnowledgeGraphs.OntClass> selected, Consumer<Edit> afterEdit) {
        this.session = session;
        this.selected = selected;
        this.afterEdit = afterEdit;
        attributeLink.getItems().setAll("has", "lacks", "may have");
        attributeLink.setValue("has");
        symbol.setPrefColumnCount(5);
        value.setPrefColumnCount(6);
        unit.setPrefColumnCount(6);
        frameRate.setPrefColumnCount(5);
        lawType.setPromptText("kind of law");
        observation.setPromptText("observation");
        law.setPromptText("law");
        classLabel.getStyleClass().add("title");
        warning.getStyleClass().addAll("problem", "error");
        warning.setWrapText(true);
        warning.setVisible(false);
        warning.setManaged(false);
        diff.getStyleClass().add("mono");
        diff.setPrefHeight(220);

        addSubclass.setOnAction(e -> {
            String name = subclassName.getText();
            onClass((ed, c) -> ed.addSubclass(c, name));
        });
        rename.setOnAction(e -> {
            String name = newLabel.getText();
            onClass((ed, c) -> ed.rename(c, name));
        });
        renameIri.setOnAction(e -> {
            String iri = newIri.getText() == null ? "" : newIri.getText().trim();
            onClass((ed, c) -> ed.renameIri(c, iri));
        });
        addNewAttribute.setOnAction(e -> {
            String label = newAttributeName.getText();
            onClass((ed, c) -> ed.newAttribute(c, label));
        });
        setOutput.setOnAction(e -> guarded(() -> {
            String obs = require(observation.getValue(), "observation").iri();
            String name = output.getText();
            edit(ed -> ed.modelOutput(obs, name));
        }));
        move.setOnAction(e -> {
            String parent = moveTo.getText();
            onClass((ed, c) -> ed.move(c, resolve(ed, parent, "new parent")));
        });
        disjoint.setOnAction(e -> {
            String other = disjointWith.getText();
            onClass((ed, c) -> ed.disjoint(c, resolve(ed, other, "disjoint class")));
        });
        setAttribute.setOnAction(e -> {
            String typed = attribute.getText();
            AttributeLink how = link();
            onClass((ed, c) -> ed.attribute(c, how, resolve(ed, typed, "attribute")));
        });
        delete.setOnAction(e -> {
            boolean all = withSubclasses.isSelected();
            onClass((ed, c) -> ed.delete(c, all));
        });
        previewDelete.setOnAction(e -> previewDelete());
        addLaw.setOnAction(e -> guarded(() -> {
            String type = require(lawType.getValue(), "kind of law").iri();
            String name = lawName.getText();
            OntologyEditor.Parameter p = new OntologyEditor.Parameter(symbol.getText().trim(), number(value, "value"), unit.getText());
            edit(ed -> ed.addLaw(type, name, List.of(p)));
        }));
        govern.setOnAction(e -> guarded(() -> {
            String obs = require(observation.getValue(), "observation").iri();
            String by = require(law.getValue(), "law").iri();
            edit(ed -> ed.governedBy(obs, by));
        }));
        setFrameRate.setOnAction(e -> guarded(() -> {
            String obs = require(observation.getValue(), "observation").iri();
            double fps = number(frameRate, "frame rate");
            edit(ed -> ed.frameRate(obs, fps));
        }));
        undo.setOnAction(e -> undo());
        redo.setOnAction(e -> redo());

        GridPane classForm = new GridPane();
        classForm.setHgap(8);
        classForm.setVgap(6);
        classForm.addRow(0, new Label("New subclass"), subclassName, addSubclass);
        classForm.addRow(1, new Label("Label"), newLabel, rename);
        classForm.addRow(2, new Label("IRI"), newIri, renameIri);
        classForm.addRow(3, new Label("Parent"), moveTo, move);
        classForm.addRow(4, new Label("Disjoint"), disjointWith, disjoint);
        classForm.addRow(5, new Label("Attribute"), new HBox(6, attributeLink, attribute), setAttribute);
        classForm.addRow(6, new Label("New attribute"), newAttributeName, addNewAttribute);
        classForm.addRow(7, new Label("Delete"), new HBox(8, previewDelete, withSubclasses), delete);
        HBox lawForm = new HBox(6, lawType, lawName, symbol, new Label("="), value, unit, addLaw);
        VBox observationForm = new VBox(6, new HBox(6, observation, law, govern), new HBox(6, frameRate, setFrameRate, output, setOutput));
        for (Button b : List.of(govern, setFrameRate, setOutput, addLaw, addSubclass, rename, renameIri, move, disjoint, setAttribute,
                addNewAttribute, previewDelete, delete, undo, redo)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        output.setPrefColumnCount(7);
        HBox history = new HBox(8, undo, redo, new Label("(Ctrl+Z / Ctrl+Shift+Z)"), historyText);
        historyText.setWrapText(true);
        VBox box = new VBox(8, classLabel, classForm, new Separator(), new Label("Laws: a new law and its parameter (with its unit)"),
                lawForm, new Label("Observations: the law that governs one, its frame rate, the model output it binds"), observationForm, new Separator(), history,
                diffTitle, warning, diff);
        box.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        getChildren().add(scroll);
        session.workspace.addListener((o, a, ws) -> {
            Path shapes = ws.shapes().resolve("kenning-shapes.ttl");
            // every RDF file of experiments/: Turtle is written, the others are read (an edit they own is refused, saying why)
            editor = new OntologyEditor(ws::ontologyFiles, Files.isRegularFile(shapes) ? shapes : null);
            baselineKinds.clear();
            reloadChoices();
            updateHistory();
        });
        updateHistory();
    }

    /** Runs a form's action, its bad input becoming the status line's one message. */
    private void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            session.failed(e);
        }
    }

    private static TextField field(String prompt) {
        TextField f = new TextField();
        f.setPromptText(prompt);
        return f;
    }

    /** The workspace's editor (null before a workspace is open): searches and neighbourhoods read through it too. */
    OntologyEditor editor() {
        return editor;
    }

    void showClass(KnowledgeGraphs.OntClass c) {
        classLabel.setText("Class: " + c.label());
    }

    /** Fills the law and observation choices from the files. */
    void reloadChoices() {
        OntologyEditor ed = editor;
        if (ed == null) {
            return;
        }
        Background.run(() -> List.of(ed.lawTypes(), ed.laws(), ed.observations()), r -> {
            keep(lawType, r.get(0));
            keep(law, r.get(1));
            keep(observation, r.get(2));
        }, session::failed);
    }

    private static void keep(ComboBox<Named> box, List<Named> items) {
        Named was = box.getValue();
        box.getItems().setAll(items);
        if (was != null) {
            items.stream().filter(n -> n.iri().equals(was.iri())).findFirst().ifPresent(box::setValue);
        }
    }

    private AttributeLink link() {
        return switch (attributeLink.getValue()) {
            case "lacks" -> AttributeLink.LACKS;
            case "may have" -> AttributeLink.MAY_HAVE;
            default -> AttributeLink.HAS;
        };
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new InputError(what, "choose one first");
        }
        return value;
    }

    private static double number(TextField f, String what) {
        try {
            return Double.parseDouble(f.getText().trim());
        } catch (NumberFormatException e) {
            throw new InputError(what, "'" + f.getText() + "' is not a number");
        }
    }

    /**
     * What the user typed as an IRI: a label the files give exactly one thing, a prefixed name the
     * store knows, or a full IRI.
     */
    private String resolve(OntologyEditor ed, String typed, String what) {
        String t = typed == null ? "" : typed.trim();
        if (t.isEmpty()) {
            throw new InputError(what, "type a label, a prefixed name (fa:Footwear) or an IRI");
        }
        List<Named> byLabel = ed.search(t).stream().filter(n -> n.label().equalsIgnoreCase(t)).toList();
        if (byLabel.size() == 1) {
            return byLabel.get(0).iri();
        }
        if (byLabel.size() > 1) {
            throw new InputError(what, "'" + t + "' is the label of " + byLabel.size() + " things: give its IRI ("
                    + byLabel.stream().map(Named::iri).toList() + ")");
        }
        String iri = session.workspace.get().withStore(kb -> KnowledgeGraphs.expand(kb, t));
        KnowledgeGraphs.requireIri(iri, what);
        return iri;
    }

    /** The class has the attribute (typed as a label, prefixed name or IRI). */
    void addAttribute(String classIri, String typed) {
        edit(ed -> ed.attribute(classIri, AttributeLink.HAS, resolve(ed, typed, "attribute")));
    }

    private interface ClassEdit {
        Edit apply(OntologyEditor editor, String classIri);
    }

    private void onClass(ClassEdit action) {
        KnowledgeGraphs.OntClass c = selected.get();
        if (c == null) {
            session.status("select a class in the tree first");
            return;
        }
        edit(ed -> action.apply(ed, c.iri()));
    }

    private void previewDelete() {
        KnowledgeGraphs.OntClass c = selected.get();
        if (c == null || editor == null) {
            session.status("select a class in the tree first");
            return;
        }
        OntologyEditor ed = editor;
        boolean all = withSubclasses.isSelected();
        Background.run(() -> ed.previewDelete(c.iri(), all), p -> {
            diffTitle.setText(p.refusal() == null ? "Deleting '" + c.label() + "' would remove " + p.removed().size() + " statement(s):"
                    : "Deleting '" + c.label() + "' is refused: " + p.refusal());
            diff.getItems().setAll(p.removed());
            session.status(diffTitle.getText());
        }, session::failed);
    }

    /** Makes the edit, re-imports its files and shows what it changed in the selected experiment's constraints. */
    void edit(Function<OntologyEditor, Edit> action) {
        change(ed -> Optional.of(action.apply(ed)), "");
    }

    void undo() {
        change(ed -> ed.history().undo(), "undone: ");
    }

    void redo() {
        change(ed -> ed.history().redo(), "redone: ");
    }

    /**
     * The outcome of an edit, undo or redo, with the derivations around it (null without a selected experiment)
     * and each loss term on one batch before and after (empty where that does not apply).
     */
    private record Outcome(Edit edit, Path spec, List<ConstraintSpec> before, List<ConstraintSpec> after, String deriveError,
                           Map<String, Double> lossBefore, Map<String, Double> lossAfter) {
    }

    /** What the spec's rules derive now, and the loss of each term on one batch; null if nothing can be derived. */
    private record Derivation(List<ConstraintSpec> constraints, Map<String, Double> losses) {
    }

    private static Derivation derive(Workspace ws, Path spec) {
        SpecFile file = SpecFile.load(spec);
        DerivedKnowledge k = ws.workbench().derive(file);
        Map<String, Double> losses;
        try {
            losses = OneBatchLosses.of(file, k);
        } catch (RuntimeException e) {
            losses = Map.of();
        }
        return new Derivation(k.constraints(), losses);
    }

    private void change(Function<OntologyEditor, Optional<Edit>> action, String verb) {
        OntologyEditor ed = editor;
        Workspace ws = session.workspace.get();
        if (ed == null || ws == null) {
            return;
        }
        Path spec = session.experiment.get();
        Background.run(() -> {
            Derivation before = spec == null ? null : deriveQuietly(ws, spec);
            Optional<Edit> done = action.apply(ed);
            if (done.isEmpty()) {
                return null;
            }
            ws.withStore(kb -> {
                done.get().importInto(kb);
                return null;
            });
            if (spec == null) {
                return new Outcome(done.get(), null, null, null, null, Map.of(), Map.of());
            }
            try {
                Derivation after = derive(ws, spec);
                return new Outcome(done.get(), spec, before == null ? null : before.constraints(), after.constraints(), null,
                        before == null ? Map.of() : before.losses(), after.losses());
            } catch (RuntimeException e) {
                return new Outcome(done.get(), spec, before == null ? null : before.constraints(), null, Background.message(e),
                        Map.of(), Map.of());
            }
        }, o -> {
            edits++;
            updateHistory();
            if (o == null) {
                session.status("nothing to " + (verb.isEmpty() ? "do" : verb.replace("ne: ", "")));
                return;
            }
            session.status(verb + o.edit().description() + " (" + o.edit().files().stream().map(p -> p.getFileName().toString())
                    .sorted().reduce((a, b) -> a + ", " + b).orElse("") + ")");
            showDiff(o);
            reloadChoices();
            afterEdit.accept(o.edit());
        }, e -> {
            edits++;
            updateHistory();
            diffTitle.setText("Not changed: " + Background.message(e));
            diff.getItems().clear();
            session.failed(e);
        });
    }

    private static Derivation deriveQuietly(Workspace ws, Path spec) {
        try {
            return derive(ws, spec);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void showDiff(Outcome o) {
        warning.setVisible(false);
        warning.setManaged(false);
        if (o.spec() == null) {
            diffTitle.setText("Constraint diff: select an experiment (Experiments view) to see what edits change in its constraints");
            diff.getItems().clear();
            return;
        }
        String name = o.spec().getFileName().toString();
        if (o.after() == null) {
            diffTitle.setText("Constraints of " + name + " after the edit: none derived — " + o.deriveError());
            diff.getItems().clear();
            return;
        }
        if (o.before() == null) {
            diffTitle.setText("Constraints of " + name + ": " + o.after().size() + " derived (none could be derived before the edit)");
            diff.getItems().clear();
            return;
        }
        ConstraintDiff d = ConstraintDiff.between(o.before(), o.after());
        // Flagged: kinds the experiment had before this session's first edit and has no longer (an undo back clears it).
        java.util.Set<String> base = baselineKinds.computeIfAbsent(o.spec(), k -> kinds(o.before()));
        java.util.Set<String> missing = new java.util.TreeSet<>(base);
        missing.removeAll(kinds(o.after()));
        session.emptied.set(missing.isEmpty() ? null : new Session.Emptied(o.spec(), missing));
        diffTitle.setText("Constraint diff for " + name + ": " + d.added().size() + " added, " + d.removed().size() + " removed, "
                + d.changed().size() + " changed");
        diff.getItems().setAll(d.lines());
        if (!o.lossAfter().isEmpty()) {
            diff.getItems().add(0, "loss on one batch of " + name + "'s data, untrained model (unweighted): " + o.lossAfter().entrySet()
                    .stream().map(e -> e.getKey() + " " + number(o.lossBefore().get(e.getKey())) + " → " + number(e.getValue()))
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }
        if (!missing.isEmpty()) {
            warning.setText("The edits leave " + name + " with no " + String.join(", ", missing)
                    + " constraint: a run would train without it. Undo (Ctrl+Z) to bring it back.");
            warning.setVisible(true);
            warning.setManaged(true);
        }
    }

    private static String number(Double v) {
        return v == null ? "—" : String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    private static java.util.Set<String> kinds(List<ConstraintSpec> constraints) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        constraints.forEach(c -> out.add(c.kind()));
        return out;
    }

    private void updateHistory() {
        OntologyEditor ed = editor;
        undo.setDisable(ed == null || !ed.history().canUndo());
        redo.setDisable(ed == null || !ed.history().canRedo());
        String next = ed == null ? "" : ed.history().nextUndo().map(s -> "undo: " + s).orElse("nothing to undo")
                + ed.history().nextRedo().map(s -> "; redo: " + s).orElse("");
        historyText.setText(next);
    }
}
