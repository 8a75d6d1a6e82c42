package dev.kenning.gui;

import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.ValidationReport;
import dev.kenning.core.knowledge.Violation;
import dev.kenning.workbench.KnowledgeStore;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workspace's knowledge: the class tree (stated or inferred; a class dragged onto another
 * moves under it), search by label or IRI, a class's attributes, disjoint classes and instances
 * with their parameters, the Edit tab ({@link EditPane}) and the neighbourhood graph
 * ({@link NeighbourhoodGraph}), a Turtle editor that checks as you type, a SPARQL console and
 * SHACL validation. Over 600 lines: the panes share the selected class and the store; the edit
 * forms and the graph are classes of their own, the graph queries are in {@link KnowledgeGraphs},
 * and the Turtle, SPARQL and SHACL panes are the next to move out.
 */
final class KnowledgeView extends BorderPane {
    private static final Pattern LINE_COL = Pattern.compile(":(\\d+):(\\d+)$");

    private final Session session;
    final TreeView<KnowledgeGraphs.OntClass> tree = new TreeView<>();
    final ToggleButton asserted = new ToggleButton("Asserted");
    final ToggleButton inferred = new ToggleButton("Inferred");
    private final Label classTitle = new Label("Select a class");
    private final Label classComment = new Label();
    private final Label classFile = new Label();
    final ListView<String> attributes = new ListView<>();
    private final ListView<String> disjoint = new ListView<>();
    private final ListView<String> instances = new ListView<>();
    final ComboBox<String> newAttribute = new ComboBox<>();
    final Button addAttribute = new Button("Add attribute");
    final TabPane tabs = new TabPane();
    final ComboBox<Path> turtleFile = new ComboBox<>();
    final CodeEditor turtle = CodeEditor.turtle();
    final CodeEditor sparql = CodeEditor.sparql();
    final TableView<Map<String, String>> sparqlResult = new TableView<>();
    final TableView<Violation> violations = new TableView<>();
    private final Label shaclSummary = new Label();
    private Map<String, String> prefixes = Map.of();
    final EditPane edit;
    final NeighbourhoodGraph graph = new NeighbourhoodGraph(this::select);
    final javafx.scene.control.TextField search = new javafx.scene.control.TextField();
    final ComboBox<dev.kenning.workbench.edit.OntologyEditor.Named> found = new ComboBox<>();
    private String selectAfterRefresh;

    KnowledgeView(Session session) {
        this.session = session;
        this.edit = new EditPane(session, this::selectedClass, this::afterEdit);
        ToggleGroup mode = new ToggleGroup();
        asserted.setToggleGroup(mode);
        inferred.setToggleGroup(mode);
        asserted.setSelected(true);
        mode.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                asserted.setSelected(true);
            } else {
                refresh();
            }
        });
        Button importFile = new Button("Import…");
        importFile.setOnAction(e -> importFile());
        Button export = new Button("Export…");
        export.setOnAction(e -> export());
        Button reload = new Button("Reload files");
        reload.setOnAction(e -> reloadFiles(true));
        search.setPromptText("find by label or IRI (Ctrl+F)");
        search.setPrefColumnCount(18);
        search.setOnAction(e -> find(search.getText()));
        found.setPromptText("matches");
        found.setOnAction(e -> {
            var n = found.getValue();
            if (n != null && !select(n.iri())) {
                session.status("'" + n.label() + "' (" + n.iri() + ") is not a class: it is not in the tree");
            }
        });
        setTop(new ToolBar(new Label("Class hierarchy:"), asserted, inferred, importFile, export, reload,
                new javafx.scene.control.Separator(), search, found));

        tree.setShowRoot(false);
        tree.setCellFactory(t -> draggableCell());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item != null) {
                showClass(item.getValue());
            }
        });
        tabs.getTabs().addAll(new Tab("Class", classPane()), new Tab("Edit", edit), new Tab("Graph", new javafx.scene.control.ScrollPane(graph)),
                new Tab("Turtle", turtlePane()),
                new Tab("SPARQL", sparqlPane()), new Tab("SHACL", shaclPane()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane split = new SplitPane(tree, tabs);
        split.setDividerPositions(0.28);
        setCenter(split);
        session.workspace.addListener((o, a, ws) -> {
            turtleFile.getItems().setAll(ws.turtleFiles());
            if (!turtleFile.getItems().isEmpty()) {
                turtleFile.getSelectionModel().select(0);
            }
            reloadFiles(false);
        });
    }

    private VBox classPane() {
        classTitle.getStyleClass().add("title");
        classComment.setWrapText(true);
        newAttribute.setEditable(true);
        newAttribute.setPromptText("fa:heel or a full IRI");
        newAttribute.setPrefWidth(320);
        addAttribute.setOnAction(e -> addAttribute());
        attributes.setPrefHeight(150);
        disjoint.setPrefHeight(120);
        instances.setPrefHeight(120);
        GridPane lists = new GridPane();
        lists.setHgap(12);
        lists.setVgap(4);
        lists.addRow(0, new Label("Attributes (k:hasAttribute)"), new Label("Disjoint with"));
        lists.addRow(1, attributes, disjoint);
        VBox box = new VBox(8, classTitle, classComment, classFile, lists, new HBox(8, newAttribute, addAttribute),
                new Label("Instances and their parameters (laws, observations)"), instances);
        box.setPadding(new Insets(10));
        return box;
    }

    private BorderPane turtlePane() {
        Button save = new Button("Save and import");
        save.setOnAction(e -> saveTurtle());
        turtleFile.setOnAction(e -> {
            Path p = turtleFile.getValue();
            if (p != null) {
                turtle.setText(read(p));
            }
        });
        turtleFile.setConverter(fileNames());
        turtle.onPause(this::checkTurtle);
        BorderPane pane = new BorderPane(turtle);
        pane.setTop(new ToolBar(new Label("File:"), turtleFile, save));
        return pane;
    }

    private BorderPane sparqlPane() {
        sparql.setText(KnowledgeGraphs.PREFIXES + "SELECT ?class ?attribute WHERE { ?class k:hasAttribute ?attribute }\nORDER BY ?class\n");
        Button run = new Button("Run query");
        run.setOnAction(e -> runQuery());
        SplitPane split = new SplitPane(sparql, sparqlResult);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        BorderPane pane = new BorderPane(split);
        pane.setTop(new ToolBar(run, new Label("SELECT over the union of the store's graphs")));
        return pane;
    }

    private BorderPane shaclPane() {
        ComboBox<Path> shapes = new ComboBox<>();
        shapes.setConverter(fileNames());
        session.workspace.addListener((o, a, ws) -> {
            shapes.getItems().setAll(listShapes(ws));
            shapes.getSelectionModel().selectFirst();
        });
        Button validate = new Button("Validate");
        validate.setOnAction(e -> {
            Path file = shapes.getValue();
            if (file == null) {
                session.status("no SHACL shapes file in " + session.workspace.get().shapes());
                return;
            }
            Background.run(() -> session.workspace.get().withStore(kb -> kb.validate(file)), this::showReport, session::failed);
        });
        violations.getColumns().setAll(column("focus node", Violation::focusNode), column("path", Violation::path),
                column("severity", Violation::severity), column("message", Violation::message), column("value", Violation::value));
        BorderPane pane = new BorderPane(violations);
        pane.setTop(new ToolBar(new Label("Shapes:"), shapes, validate, shaclSummary));
        return pane;
    }

    private static List<Path> listShapes(Workspace ws) {
        try (var s = Files.list(ws.shapes())) {
            return s.filter(p -> p.toString().endsWith(".ttl")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void showReport(ValidationReport report) {
        violations.getItems().setAll(report.violations());
        shaclSummary.setText(report.conforms() ? "conforms" : report.violations().size() + " violation(s)");
        session.status("SHACL: " + shaclSummary.getText());
    }

    private static <T> TableColumn<T, String> column(String name, java.util.function.Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(170);
        return c;
    }

    /** Imports the workspace's knowledge files into the store (every one, or those changed since the store read them), then redraws. */
    void reloadFiles(boolean all) {
        Workspace ws = session.workspace.get();
        Background.run(() -> ws.syncStore(all), n -> {
            session.status(n.imported() == n.files() ? "imported " + n.files() + " knowledge file(s) of " + ws.experiments()
                    + " into the store" : "imported " + n.imported() + " of " + n.files() + " knowledge file(s) of "
                    + ws.experiments() + " into the store (the others are as the store last read them)");
            refresh();
        }, session::failed);
    }

    void refresh() {
        Workspace ws = session.workspace.get();
        boolean withInference = inferred.isSelected();
        Object selected = tree.getSelectionModel().getSelectedItem() == null ? null
                : tree.getSelectionModel().getSelectedItem().getValue().iri();
        Background.run(() -> ws.withStore(kb -> new Object[]{KnowledgeGraphs.hierarchy(kb, withInference),
                kb.prefixes()}), r -> {
            KnowledgeGraphs.Hierarchy h = (KnowledgeGraphs.Hierarchy) r[0];
            @SuppressWarnings("unchecked") Map<String, String> p = (Map<String, String>) r[1];
            prefixes = p;
            TreeItem<KnowledgeGraphs.OntClass> root = new TreeItem<>();
            h.roots().forEach(c -> root.getChildren().add(item(h, c, 0)));
            tree.setRoot(root);
            String wanted = selectAfterRefresh != null ? selectAfterRefresh : selected == null ? null : selected.toString();
            selectAfterRefresh = null;
            if (wanted != null && !select(wanted) && selected != null) {
                select(selected.toString());
            }
            session.status(h.classes().size() + " classes" + (withInference ? ", " + h.inferredStatements()
                    + " statements entailed (RDFS)" : ", as stated"));
        }, session::failed);
    }

    private TreeItem<KnowledgeGraphs.OntClass> item(KnowledgeGraphs.Hierarchy h, KnowledgeGraphs.OntClass c, int depth) {
        TreeItem<KnowledgeGraphs.OntClass> item = new TreeItem<>(c);
        if (depth < 32) {
            h.children(c.iri()).forEach(child -> item.getChildren().add(item(h, child, depth + 1)));
        }
        item.setExpanded(depth < 2);
        return item;
    }

    /** Selects the class with this IRI in the tree, expanding its ancestors; false if absent. */
    boolean select(String iri) {
        TreeItem<KnowledgeGraphs.OntClass> found = find(tree.getRoot(), iri);
        if (found == null) {
            return false;
        }
        for (TreeItem<?> p = found.getParent(); p != null; p = p.getParent()) {
            p.setExpanded(true);
        }
        tree.getSelectionModel().select(found);
        return true;
    }

    private static TreeItem<KnowledgeGraphs.OntClass> find(TreeItem<KnowledgeGraphs.OntClass> item, String iri) {
        if (item == null) {
            return null;
        }
        if (item.getValue() != null && item.getValue().iri().equals(iri)) {
            return item;
        }
        for (TreeItem<KnowledgeGraphs.OntClass> child : item.getChildren()) {
            TreeItem<KnowledgeGraphs.OntClass> f = find(child, iri);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** A tree cell that can be dragged onto another class: the class moves under it, as the Edit tab's Move does. */
    private javafx.scene.control.TreeCell<KnowledgeGraphs.OntClass> draggableCell() {
        javafx.scene.control.TreeCell<KnowledgeGraphs.OntClass> cell = new javafx.scene.control.TreeCell<>() {
            @Override
            protected void updateItem(KnowledgeGraphs.OntClass c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.label());
            }
        };
        cell.setOnDragDetected(e -> {
            if (cell.getItem() != null) {
                var board = cell.startDragAndDrop(javafx.scene.input.TransferMode.MOVE);
                var content = new javafx.scene.input.ClipboardContent();
                content.putString(cell.getItem().iri());
                board.setContent(content);
                e.consume();
            }
        });
        cell.setOnDragOver(e -> {
            if (cell.getItem() != null && e.getDragboard().hasString() && !e.getDragboard().getString().equals(cell.getItem().iri())) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.MOVE);
            }
            e.consume();
        });
        cell.setOnDragDropped(e -> {
            String moved = e.getDragboard().getString();
            String parent = cell.getItem() == null ? null : cell.getItem().iri();
            if (moved != null && parent != null) {
                dropOnto(moved, parent);
                e.setDropCompleted(true);
            }
            e.consume();
        });
        return cell;
    }

    /** Moves the class under the new parent (what a drop in the tree does). */
    void dropOnto(String classIri, String parentIri) {
        edit.edit(ed -> ed.move(classIri, parentIri));
    }

    KnowledgeGraphs.OntClass selectedClass() {
        TreeItem<KnowledgeGraphs.OntClass> item = tree.getSelectionModel().getSelectedItem();
        return item == null ? null : item.getValue();
    }

    /** After an edit (or its undo): the tree, the class shown and the open Turtle file read again, the edited class selected. */
    private void afterEdit(dev.kenning.workbench.edit.Edit e) {
        KnowledgeGraphs.OntClass shown = selectedClass();
        if (shown != null) {
            showClass(shown);
        }
        selectAfterRefresh = e.subject();
        session.knowledgeChanged();
        Path open = turtleFile.getValue();
        if (open != null && e.files().contains(open)) {
            turtle.setText(read(open));
        }
        refresh();
    }

    /** Searches labels and IRIs across the workspace's knowledge; the matches fill the list, the only one is opened. */
    void find(String text) {
        var editor = edit.editor();
        if (editor == null || text == null || text.isBlank()) {
            session.status("type part of a label or IRI to find");
            return;
        }
        Background.run(() -> editor.search(text), matches -> {
            found.getItems().setAll(matches);
            session.status(matches.size() + " match(es) for '" + text.trim() + "'");
            if (!matches.isEmpty()) {
                found.setValue(matches.get(0));
                found.show();
            }
        }, session::failed);
    }

    private void showClass(KnowledgeGraphs.OntClass c) {
        edit.showClass(c);
        var editor = edit.editor();
        if (editor != null) {
            Background.run(() -> editor.neighbourhood(c.iri()), graph::show, session::failed);
        }
        Workspace ws = session.workspace.get();
        boolean inherited = inferred.isSelected();
        Background.run(() -> ws.withStore(kb -> KnowledgeGraphs.detail(kb, c, inherited)), d -> {
            classTitle.setText(d.cls().label() + "  (" + KnowledgeGraphs.shortName(prefixes, d.cls().iri()) + ")");
            classComment.setText(d.comment());
            classFile.setText(d.file().isEmpty() ? "" : "described in " + d.file());
            attributes.getItems().setAll(d.attributes().stream().map(a -> KnowledgeGraphs.shortName(prefixes, a)).toList());
            disjoint.getItems().setAll(d.disjoint().stream().map(a -> KnowledgeGraphs.shortName(prefixes, a)).toList());
            instances.getItems().setAll(d.instances());
            newAttribute.getItems().setAll(d.knownAttributes().stream().map(a -> KnowledgeGraphs.shortName(prefixes, a))
                    .filter(a -> !attributes.getItems().contains(a)).toList());
        }, session::failed);
    }

    /**
     * The form's edit: the selected class gets the attribute typed or chosen, through the same
     * editor as the Edit tab (checked, undoable, with the constraint diff there).
     */
    void addAttribute() {
        TreeItem<KnowledgeGraphs.OntClass> item = tree.getSelectionModel().getSelectedItem();
        String typed = newAttribute.getEditor().getText();
        if (typed == null || typed.isBlank()) {
            typed = newAttribute.getValue();
        }
        if (item == null || typed == null || typed.isBlank()) {
            session.status("select a class and type or choose an attribute first");
            return;
        }
        newAttribute.getEditor().clear();
        edit.addAttribute(item.getValue().iri(), typed);
    }

    private void checkTurtle(String text) {
        Path file = turtleFile.getValue();
        if (file == null) {
            return;
        }
        Background.run(() -> parseError(file, text), error -> {
            if (error == null) {
                turtle.clearError("parses");
            } else {
                turtle.markError(error.line, error.message);
            }
        }, session::failed);
    }

    record ParseError(int line, String message) {
    }

    /** Parses the text as the file's syntax in memory; null if it parses. */
    static ParseError parseError(Path file, String text) {
        Path tmp = null;
        try {
            Path dir = Files.createTempDirectory("kenning-check");
            tmp = dir.resolve(file.getFileName().toString());
            Files.writeString(tmp, text);
            KnowledgeStore.parse(tmp);
            return null;
        } catch (InputError e) {
            Matcher m = LINE_COL.matcher(e.where());
            int line = m.find() ? Integer.parseInt(m.group(1)) : 1;
            return new ParseError(line, e.detail());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                    Files.deleteIfExists(tmp.getParent());
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    void saveTurtle() {
        Path file = turtleFile.getValue();
        String text = turtle.getText();
        if (file == null) {
            return;
        }
        Background.run(() -> {
            ParseError error = parseError(file, text);
            if (error != null) {
                return error;
            }
            write(file, text);
            session.workspace.get().withStore(kb -> {
                kb.load(file);
                return null;
            });
            return null;
        }, error -> {
            if (error != null) {
                turtle.markError(error.line, error.message);
                session.status("not saved: " + file.getFileName() + " line " + error.line + ": " + error.message);
            } else {
                session.status("saved and imported " + file.getFileName());
                session.knowledgeChanged();
                refresh();
            }
        }, session::failed);
    }

    private void runQuery() {
        String text = sparql.getText();
        Background.run(() -> session.workspace.get().withStore(kb -> kb.select(text)), rows -> {
            sparql.clearError(rows.size() + " row(s)");
            sparqlResult.getColumns().clear();
            java.util.LinkedHashSet<String> vars = new java.util.LinkedHashSet<>();
            rows.forEach(r -> vars.addAll(r.keySet()));
            for (String v : vars) {
                TableColumn<Map<String, String>, String> c = column(v, r -> {
                    String value = r.get(v);
                    return value == null ? "" : KnowledgeGraphs.shortName(prefixes, value);
                });
                c.setPrefWidth(260);
                sparqlResult.getColumns().add(c);
            }
            sparqlResult.setItems(FXCollections.observableArrayList(rows));
        }, e -> {
            if (e instanceof InputError ie) {
                Matcher m = Pattern.compile(":(\\d+):(\\d+)").matcher(ie.where());
                sparql.markError(m.find() ? Integer.parseInt(m.group(1)) : 1, ie.getMessage());
            }
            session.failed(e);
        });
    }

    private void importFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import an RDF file into the workspace");
        java.io.File f = chooser.showOpenDialog(getScene().getWindow());
        if (f != null) {
            importFile(f.toPath());
        }
    }

    /**
     * Copies the file into experiments/ (if it is not there) and imports it as its own graph, with
     * the ontologies it imports (owl:imports, found beside it as Protégé finds them), each copied
     * and imported alike: experiments/ then holds them side by side, where a run finds them again.
     */
    void importFile(Path source) {
        Workspace ws = session.workspace.get();
        Background.run(() -> {
            // reads the file and its modules first: one that does not parse is refused before anything is copied
            KnowledgeStore.ImportsFollowed imports = KnowledgeStore.importsOf(source);
            List<Path> copied = new ArrayList<>();
            Path target = copyIn(ws, source, copied);
            List<Path> modules = new ArrayList<>();
            for (Path module : imports.loaded()) {
                modules.add(copyIn(ws, module, copied));
            }
            return ws.withStore(kb -> {
                List<Path> all = new ArrayList<>(List.of(target));
                all.addAll(modules);
                try {
                    kb.load(all);
                } catch (RuntimeException e) {
                    for (Path file : copied) {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException ignored) {
                            // best effort
                        }
                    }
                    throw e;
                }
                return new Imported(target, modules, imports.missing());
            });
        }, imported -> {
            Path target = imported.file();
            session.status("imported " + target.getFileName() + (imported.modules().isEmpty() ? ""
                    : " with " + imported.modules().stream().map(p -> p.getFileName().toString()).toList() + ", which it imports")
                    + (imported.missing().isEmpty() ? "" : "; " + String.join("; ", imported.missing())));
            turtleFile.getItems().setAll(ws.turtleFiles());
            session.knowledgeChanged();
            refresh();
        }, session::failed);
    }

    /** What an import brought in: the file, the modules it imports, and the imports found nowhere. */
    private record Imported(Path file, List<Path> modules, List<String> missing) {
    }

    /**
     * The file copied into experiments/ (added to {@code copied}) unless a file of its name is there
     * already; the caller has read it first ({@link KnowledgeStore#importsOf}), so it parses.
     */
    private Path copyIn(Workspace ws, Path source, List<Path> copied) {
        Path target = ws.experiments().resolve(source.getFileName().toString());
        if (!Files.exists(target)) {
            try {
                Files.copy(source, target);
                copied.add(target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + source + " into " + ws.experiments(), e);
            }
        }
        return target;
    }

    private void export() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the whole store (.nq or .trig)");
        chooser.setInitialFileName("workspace.nq");
        java.io.File f = chooser.showSaveDialog(getScene().getWindow());
        if (f == null) {
            return;
        }
        Background.run(() -> session.workspace.get().withStore(kb -> {
            if (!KnowledgeStore.holdsQuads(f.toPath())) {
                throw new InputError(f.toString(), "the whole store has several graphs: export to .nq or .trig");
            }
            try (OutputStream out = Files.newOutputStream(f.toPath())) {
                kb.export(out, f.toPath(), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return f;
        }), file -> session.status("exported the store to " + file), session::failed);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    static javafx.util.StringConverter<Path> fileNames() {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(Path p) {
                return p == null ? "" : p.getFileName().toString();
            }

            @Override
            public Path fromString(String s) {
                return null;
            }
        };
    }
}
