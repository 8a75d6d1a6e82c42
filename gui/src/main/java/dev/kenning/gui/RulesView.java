package dev.kenning.gui;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.workbench.DerivedKnowledge;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.spec.SpecFile;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rule packs and what they derive: a DRL editor that compiles as you type (errors marked at
 * their line), and the constraints the selected experiment's rules derive from its knowledge,
 * each with the rule and the triples behind it.
 */
final class RulesView extends BorderPane {
    private static final Pattern LINE_COL = Pattern.compile(":(\\d+)(?::(\\d+))?$");

    private final Session session;
    final ComboBox<Path> pack = new ComboBox<>();
    final CodeEditor drl = CodeEditor.drl();
    final TableView<ConstraintSpec> constraints = new TableView<>();
    private final Label derivedTitle = new Label("Derived constraints");
    private final TextArea why = new TextArea();
    private int derivations;
    final GuidedRulesPane guided;
    final javafx.scene.control.TabPane editorTabs = new javafx.scene.control.TabPane();

    RulesView(Session session) {
        this.session = session;
        pack.setConverter(KnowledgeView.fileNames());
        pack.setOnAction(e -> {
            if (pack.getValue() != null) {
                drl.setText(KnowledgeView.read(pack.getValue()));
                compile(drl.getText());
            }
        });
        Button save = new Button("Save");
        save.setOnAction(e -> save());
        drl.onPause(this::compile);
        BorderPane editor = new BorderPane(drl);
        editor.setTop(new ToolBar(new Label("Rule pack:"), pack, save));

        constraints.getColumns().setAll(
                column("kind", 150, ConstraintSpec::kind),
                column("bindings", 220, c -> String.join(", ", c.bindings())),
                column("parameters", 200, c -> c.params().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                        .collect(Collectors.joining(", "))),
                column("weight", 60, c -> String.valueOf(c.weight())),
                column("rule", 260, c -> c.provenance().rule()));
        constraints.getSelectionModel().selectedItemProperty().addListener((o, a, c) -> why.setText(c == null ? ""
                : "rule: " + c.provenance().rule() + "\ntriples:\n" + c.provenance().triples().stream()
                .map(t -> "  " + t).collect(Collectors.joining("\n"))));
        why.setEditable(false);
        why.setPrefRowCount(6);
        why.setMinHeight(120);
        derivedTitle.getStyleClass().add("title");
        VBox derived = new VBox(4, derivedTitle, constraints, new Label("Why (the selected constraint's rule and triples):"), why);
        VBox.setVgrow(constraints, javafx.scene.layout.Priority.ALWAYS);
        guided = new GuidedRulesPane(session, this::showPack);
        editorTabs.getTabs().addAll(new javafx.scene.control.Tab("DRL", editor),
                new javafx.scene.control.Tab("Guided rules and decision table", new javafx.scene.control.ScrollPane(guided)));
        editorTabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane split = new SplitPane(editorTabs, derived);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        // the forms and the table need more height than the DRL text
        editorTabs.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> split.setDividerPositions(i.intValue() == 1 ? 0.66 : 0.5));
        setCenter(split);

        session.workspace.addListener((o, a, ws) -> {
            pack.getItems().setAll(ws.rulePacks());
            pack.getSelectionModel().selectFirst();
            pack.getOnAction().handle(null);
        });
        session.experiment.addListener((o, a, spec) -> derive());
        session.knowledgeChanges.addListener((o, a, b) -> derive());
    }

    /** Shows a pack the forms wrote in the DRL editor; the selected experiment derives again. */
    void showPack(Path file) {
        pack.getItems().setAll(session.workspace.get().rulePacks());
        pack.setValue(file);
        pack.getOnAction().handle(null);
        editorTabs.getSelectionModel().select(0);
        session.knowledgeChanged();
    }

    private static TableColumn<ConstraintSpec, String> column(String name, double width, Function<ConstraintSpec, String> value) {
        TableColumn<ConstraintSpec, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** Compiles the text as the pack would be compiled (its file name kept, in a scratch folder). */
    private void compile(String text) {
        Path file = pack.getValue();
        if (file == null) {
            return;
        }
        Background.run(() -> compileError(file, text), error -> {
            if (error == null) {
                drl.clearError("compiles");
            } else {
                drl.markError(error.line(), error.message());
            }
        }, session::failed);
    }

    /** Null if the DRL compiles, else the first error's line and message. */
    static KnowledgeView.ParseError compileError(Path file, String text) {
        Path dir = null;
        Path tmp = null;
        try {
            dir = Files.createTempDirectory("kenning-drl");
            tmp = dir.resolve(file.getFileName().toString());
            Files.writeString(tmp, text);
            Workbench.compileRules(List.of(tmp));
            return null;
        } catch (InputError e) {
            Matcher m = LINE_COL.matcher(e.where());
            int line = m.find() ? Integer.parseInt(m.group(1)) : 1;
            return new KnowledgeView.ParseError(line, e.detail());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException ignored) {
                // a scratch file left behind is harmless
            }
        }
    }

    void save() {
        Path file = pack.getValue();
        String text = drl.getText();
        Background.run(() -> {
            KnowledgeView.ParseError error = compileError(file, text);
            if (error == null) {
                KnowledgeView.write(file, text);
            }
            return error;
        }, error -> {
            if (error == null) {
                session.status("saved " + file.getFileName());
                session.knowledgeChanged();
            } else {
                drl.markError(error.line(), error.message());
                session.status("not saved: " + file.getFileName() + " line " + error.line() + " does not compile");
            }
        }, session::failed);
    }

    /** Derives the selected experiment's constraints, off the JavaFX thread. */
    void derive() {
        Path spec = session.experiment.get();
        if (spec == null) {
            return;
        }
        derivedTitle.setText("Derived constraints for " + spec.getFileName() + " (deriving…)");
        Workspace ws = session.workspace.get();
        if (ws == null) {
            return;
        }
        Background.run(() -> ws.workbench().derive(SpecFile.load(spec)), (DerivedKnowledge k) -> {
            derivations++;
            session.derived.set(new Session.Derived(spec, k));
            constraints.getItems().setAll(k.constraints());
            Map<String, Long> kinds = k.constraints().stream().collect(Collectors.groupingBy(ConstraintSpec::kind,
                    java.util.TreeMap::new, Collectors.counting()));
            derivedTitle.setText("Derived constraints for " + spec.getFileName() + ": " + k.constraints().size() + " " + kinds
                    + " from " + k.triples() + " triples");
        }, e -> {
            constraints.getItems().clear();
            derivedTitle.setText("Derived constraints for " + spec.getFileName() + ": none — " + Background.message(e));
            session.failed(e);
        });
    }

    /** How many derivations have finished (tests wait on it). */
    int derivations() {
        return derivations;
    }
}
