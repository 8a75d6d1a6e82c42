package dev.kenning.gui;

import dev.kenning.core.InputError;
import dev.kenning.workbench.edit.GuidedRule;
import dev.kenning.workbench.edit.LawTable;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Rules view's forms: a guided rule (law ⇒ constraint, class has / lacks attribute ⇒
 * constraint, disjoint classes ⇒ constraint) added to a pack as readable DRL, and the law
 * decision table (one row per law type), saved as Drools' CSV and compiled to a pack by Drools.
 * Either way the pack is then shown in the DRL editor, where it can be read and changed.
 */
final class GuidedRulesPane extends VBox {
    static final String LAW = "a law of type T governs an observation ⇒ constraint";
    static final String HAS = "a class has an attribute ⇒ constraint";
    static final String LACKS = "a class lacks an attribute ⇒ constraint";
    static final String DISJOINT = "two classes are disjoint ⇒ constraint";

    private final Session session;
    private final Consumer<Path> show;
    final ChoiceBox<String> ruleKind = new ChoiceBox<>(FXCollections.observableArrayList(LAW, HAS, LACKS, DISJOINT));
    final TextField ruleName = new TextField();
    final TextField lawType = new TextField();
    final TextField parameters = new TextField();
    final CheckBox timeStep = new CheckBox("dt = 1 / frame rate");
    final TextField constraintKind = new TextField();
    final TextField weight = new TextField("1.0");
    final TextField guidedPack = new TextField("guided.drl");
    final Button addRule = new Button("Add rule to pack");

    /** A row of the law table as the grid edits it. */
    static final class TableRow {
        final SimpleStringProperty lawType = new SimpleStringProperty("");
        final SimpleStringProperty parameter = new SimpleStringProperty("");
        final SimpleStringProperty kind = new SimpleStringProperty("");
        final SimpleStringProperty weight = new SimpleStringProperty("1.0");

        TableRow(String type, String parameter, String kind, String weight) {
            this.lawType.set(type);
            this.parameter.set(parameter);
            this.kind.set(kind);
            this.weight.set(weight);
        }
    }

    final ObservableList<TableRow> rows = FXCollections.observableArrayList();
    final TableView<TableRow> table = new TableView<>(rows);
    final TextField tableFile = new TextField("law-table.csv");
    final Button saveTable = new Button("Save table and compile");

    GuidedRulesPane(Session session, Consumer<Path> show) {
        this.session = session;
        this.show = show;
        ruleKind.setValue(LAW);
        ruleName.setPromptText("rule name");
        lawType.setPromptText("law class, e.g. FreeFall");
        parameters.setPromptText("law parameters, e.g. g");
        constraintKind.setPromptText("constraint kind, e.g. free-fall");
        timeStep.setSelected(true);
        ruleKind.valueProperty().addListener((o, a, k) -> {
            boolean law = LAW.equals(k);
            lawType.setDisable(!law);
            parameters.setDisable(!law);
            timeStep.setDisable(!law);
        });
        addRule.setOnAction(e -> addRule());
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("When"), ruleKind);
        form.addRow(1, new Label("Rule name"), ruleName);
        form.addRow(2, new Label("Law type T"), lawType);
        form.addRow(3, new Label("Parameters"), new HBox(8, parameters, timeStep));
        form.addRow(4, new Label("Constraint kind"), constraintKind);
        form.addRow(5, new Label("Weight"), weight);
        form.addRow(6, new Label("Pack"), new HBox(8, guidedPack, addRule));

        table.setEditable(true);
        table.getColumns().setAll(List.of(column("law type", r -> r.lawType), column("parameter it must state", r -> r.parameter),
                column("constraint kind", r -> r.kind), column("weight", r -> r.weight)));
        table.setPrefHeight(170);
        rows.setAll(new TableRow("FreeFall", "g", "free-fall", "1.0"), new TableRow("ConstantVelocity", "", "constant-velocity", "1.0"),
                new TableRow("ConstantAcceleration", "", "constant-acceleration", "1.0"),
                new TableRow("HarmonicMotion", "omega", "harmonic", "1.0"));
        Button addRow = new Button("Add row");
        addRow.setOnAction(e -> rows.add(new TableRow("", "", "", "1.0")));
        Button removeRow = new Button("Remove row");
        removeRow.setOnAction(e -> rows.remove(table.getSelectionModel().getSelectedItem()));
        Button load = new Button("Load");
        load.setOnAction(e -> loadTable());
        saveTable.setOnAction(e -> saveTable());

        Label guidedTitle = new Label("Guided rule");
        guidedTitle.getStyleClass().add("title");
        Label tableTitle = new Label("Decision table: law type → constraint (Drools CSV, compiled by Drools)");
        tableTitle.getStyleClass().add("title");
        getChildren().addAll(guidedTitle, form, tableTitle, table, new HBox(8, addRow, removeRow, tableFile, load, saveTable));
        setSpacing(8);
        setPadding(new Insets(10));
    }

    private static TableColumn<TableRow, String> column(String name, java.util.function.Function<TableRow, SimpleStringProperty> cell) {
        TableColumn<TableRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> cell.apply(d.getValue()));
        c.setCellFactory(TextFieldTableCell.forTableColumn());
        c.setOnEditCommit(e -> cell.apply(e.getRowValue()).set(e.getNewValue()));
        c.setPrefWidth(170);
        return c;
    }

    private Path inWorkspace(String name, String extension) {
        String n = name == null ? "" : name.trim();
        if (!n.matches("[A-Za-z0-9_.-]+") || !n.endsWith(extension)) {
            throw new InputError("file", "'" + n + "' is not a file name ending in " + extension + " (no folders)");
        }
        return session.workspace.get().experiments().resolve(n);
    }

    private static double number(String text, String what) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InputError(what, "'" + text + "' is not a number");
        }
    }

    /** The form as a rule (its values checked). */
    GuidedRule rule() {
        double w = number(weight.getText(), "weight");
        return switch (ruleKind.getValue()) {
            case LAW -> new GuidedRule.LawRule(ruleName.getText(), lawType.getText().trim(), constraintKind.getText(),
                    Arrays.stream(parameters.getText().split("[,\\s]+")).filter(s -> !s.isBlank()).toList(), timeStep.isSelected(), w);
            case HAS, LACKS -> new GuidedRule.AttributeRule(ruleName.getText(), LACKS.equals(ruleKind.getValue()), constraintKind.getText(), w);
            default -> new GuidedRule.DisjointRule(ruleName.getText(), constraintKind.getText(), w);
        };
    }

    /** Appends the rule to the pack (made with its package and imports if new), if the result compiles. */
    void addRule() {
        try {
            GuidedRule rule = rule();
            Path file = inWorkspace(guidedPack.getText(), ".drl");
            Background.run(() -> {
                String text = Files.exists(file) ? KnowledgeView.read(file) + "\n" + rule.drl()
                        : GuidedRule.pack("kenning." + file.getFileName().toString().replaceAll("\\.drl$", "")
                        .replaceAll("[^a-z0-9_]", "_"), List.of(rule));
                KnowledgeView.ParseError error = RulesView.compileError(file, text);
                if (error != null) {
                    throw new InputError(file.getFileName() + ":" + error.line(), error.message());
                }
                KnowledgeView.write(file, text);
                return file;
            }, f -> {
                session.status("added rule '" + rule.name() + "' to " + f.getFileName());
                show.accept(f);
            }, session::failed);
        } catch (RuntimeException e) {
            session.failed(e);
        }
    }

    LawTable lawTable() {
        Path file = inWorkspace(tableFile.getText(), ".csv");
        String name = file.getFileName().toString().replaceAll("\\.csv$", "").replaceAll("[^a-z0-9_]", "_");
        return new LawTable("kenning." + name, rows.stream().map(r -> new LawTable.Row(r.lawType.get().trim(), r.parameter.get().trim(),
                r.kind.get(), number(r.weight.get(), "weight of " + r.lawType.get()))).toList());
    }

    void saveTable() {
        try {
            LawTable t = lawTable();
            Path file = inWorkspace(tableFile.getText(), ".csv");
            Background.run(() -> t.save(file), pack -> {
                session.status("saved " + file.getFileName() + " and compiled it to " + pack.getFileName()
                        + " (name it among a spec's rules in place of physics.drl's law rules)");
                show.accept(pack);
            }, session::failed);
        } catch (RuntimeException e) {
            session.failed(e);
        }
    }

    private void loadTable() {
        try {
            Path file = inWorkspace(tableFile.getText(), ".csv");
            Background.run(() -> LawTable.read(file), t -> rows.setAll(t.rows().stream().map(r -> new TableRow(r.lawType(), r.parameter(),
                    r.kind(), String.valueOf(r.weight()))).toList()), session::failed);
        } catch (RuntimeException e) {
            session.failed(e);
        }
    }
}
