package dev.kenning.gui;

import dev.kenning.core.KenningJson;
import dev.kenning.workbench.edit.OntologyEditor.Named;
import com.fasterxml.jackson.databind.JsonNode;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.kenning.gui.Screenshots.fx;
import static dev.kenning.gui.Screenshots.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authoring knowledge in the Knowledge view's forms, headless: no Turtle typed, only names and
 * numbers in fields, as a user fills them in; buttons and shortcuts through the robot.
 */
@ExtendWith(ApplicationExtension.class)
class KnowledgeEditingGuiTest {
    static final String FA = "https://kenning.dev/fashion#";
    @TempDir
    Path tmp;
    private WorkbenchWindow window;

    @BeforeAll
    static void recentListInTemp() throws IOException {
        System.setProperty(RecentWorkspaces.PROPERTY, Files.createTempFile("kenning-recent", ".txt").toString());
    }

    @AfterAll
    static void forget() {
        System.clearProperty(RecentWorkspaces.PROPERTY);
    }

    @Start
    void start(Stage stage) {
        window = new WorkbenchWindow(stage, uri -> { });
        stage.show();
    }

    /**
     * A new workspace whose free-fall spec trains for a few steps only, that spec selected; beside
     * the ontologies, as a user's would have them, a class × attribute table, a predicate matrix
     * with its names files and a Drools decision table, none of which the forms' edits read.
     */
    private Path openWorkspace() throws IOException {
        Path ws = tmp.resolve("ws");
        Workspace.openOrCreate(ws);
        TinyFreeFallSpec.write(ws, 20, 5);
        Path e = ws.resolve("experiments");
        Files.writeString(e.resolve("shoes.csv"), "class,strap,laces\nclog,0,0\n");
        Files.writeString(e.resolve("predicate-matrix-binary.txt"), "1 0\n0 1\n");
        Files.writeString(e.resolve("classes.txt"), "1\tclog\n2\tinsole\n");
        Files.writeString(e.resolve("predicates.txt"), "1\tstrap\n2\tlaces\n");
        Files.writeString(e.resolve("laws.csv"), "RuleSet,dev.kenning.rules.laws,,\nImport,dev.kenning.rules.*,,\n");
        fx(() -> {
            window.open(ws);
            return null;
        });
        waitFor("the class tree", () -> fx(() -> window.knowledge.tree.getRoot() != null
                && !window.knowledge.tree.getRoot().getChildren().isEmpty()), 60);
        fx(() -> {
            window.experiments.specs.getItems().stream().filter(p -> p.getFileName().toString().equals("free-fall-small.yaml"))
                    .findFirst().ifPresent(p -> window.experiments.specs.getSelectionModel().select(p));
            window.knowledge.tabs.getSelectionModel().select(1);
            return null;
        });
        return ws;
    }

    private static Map<Path, byte[]> knowledgeFiles(Path ws) throws IOException {
        Map<Path, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(ws.resolve("experiments"))) {
            for (Path p : s.toList()) {
                out.put(p, Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** Clicks the button and waits until the edit it starts has finished (done or refused). */
    private void clickAndWait(FxRobot robot, javafx.scene.control.Button button) {
        int before = fx(() -> window.knowledge.edit.edits);
        robot.clickOn(button);
        waitFor("the edit of '" + button.getText() + "'", () -> fx(() -> window.knowledge.edit.edits > before), 60);
    }

    private void text(javafx.scene.control.TextField field, String value) {
        fx(() -> {
            field.setText(value);
            return null;
        });
    }

    private void choose(ComboBox<Named> box, String label) {
        waitFor("'" + label + "' among the choices", () -> fx(() -> box.getItems().stream().anyMatch(n -> n.label().equals(label))), 30);
        fx(() -> {
            box.setValue(box.getItems().stream().filter(n -> n.label().equals(label)).findFirst().orElseThrow());
            return null;
        });
    }

    /** Whether the class tree shows a class of this label, at any depth. */
    private boolean treeShows(String label) {
        return fx(() -> {
            java.util.ArrayDeque<javafx.scene.control.TreeItem<KnowledgeGraphs.OntClass>> todo =
                    new java.util.ArrayDeque<>(java.util.List.of(window.knowledge.tree.getRoot()));
            while (!todo.isEmpty()) {
                var item = todo.poll();
                if (item.getValue() != null && label.equals(item.getValue().label())) {
                    return true;
                }
                todo.addAll(item.getChildren());
            }
            return false;
        });
    }

    /**
     * A Protégé ontology split into modules, saved as OWL/XML and imported from its folder: the
     * module it imports (found by its ontology IRI beside it) is copied into the workspace beside it
     * and imported too; a new experiment may name it, and Reload files reads it again after
     * Protégé changed it.
     */
    @Test
    void anOntologyIsImportedWithTheModulesItImports() throws IOException {
        Path ws = openWorkspace();
        Path protege = Files.createDirectories(tmp.resolve("protege"));
        String shop = """
                <?xml version="1.0"?>
                <Ontology xmlns="http://www.w3.org/2002/07/owl#" xml:base="http://example.org/shop" ontologyIRI="http://example.org/shop">
                    <Prefix name="" IRI="http://example.org/shop#"/>
                    <Prefix name="rdfs" IRI="http://www.w3.org/2000/01/rdf-schema#"/>
                    <Import>http://example.org/parts</Import>
                    <Declaration><Class IRI="#Clog"/></Declaration>
                    <AnnotationAssertion><AnnotationProperty abbreviatedIRI="rdfs:label"/><IRI>#Clog</IRI><Literal>clog</Literal></AnnotationAssertion>
                </Ontology>
                """;
        Files.writeString(protege.resolve("shop.owx"), shop);
        Files.writeString(protege.resolve("parts-module.ttl"), """
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                <http://example.org/parts> a owl:Ontology .
                <http://example.org/shop#Insole> a owl:Class ; rdfs:label "insole" .
                """);

        fx(() -> {
            window.knowledge.importFile(protege.resolve("shop.owx"));
            return null;
        });

        waitFor("the module's class in the tree", () -> treeShows("insole"), 60);
        assertTrue(treeShows("clog"));
        assertTrue(Files.exists(ws.resolve("experiments/shop.owx")) && Files.exists(ws.resolve("experiments/parts-module.ttl")));
        assertTrue(fx(() -> {
            window.experiments.newExperiment.refill();
            return window.experiments.newExperiment.ontologies.getItems().contains(ws.resolve("experiments/shop.owx"));
        }), "a new experiment may name the OWL/XML file");

        // A class × attribute table and a predicate matrix may be named too; a Drools decision table and a matrix's names files may not.
        List<String> listed = fx(() -> {
            window.experiments.newExperiment.refill();
            return window.experiments.newExperiment.ontologies.getItems().stream().map(p -> p.getFileName().toString()).toList();
        });
        assertTrue(listed.containsAll(List.of("shop.owx", "shoes.csv", "predicate-matrix-binary.txt")), listed.toString());
        assertTrue(listed.stream().noneMatch(List.of("classes.txt", "predicates.txt", "laws.csv")::contains), listed.toString());
        assertTrue(listed.indexOf("shop.owx") < listed.indexOf("shoes.csv"), "ontologies first, then tables: " + listed);

        Files.writeString(ws.resolve("experiments/shop.owx"), shop.replace("</Ontology>", """
                    <Declaration><Class IRI="#Sabot"/></Declaration>
                    <AnnotationAssertion><AnnotationProperty abbreviatedIRI="rdfs:label"/><IRI>#Sabot</IRI><Literal>sabot</Literal></AnnotationAssertion>
                </Ontology>"""));
        fx(() -> {
            window.knowledge.reloadFiles(true);
            return null;
        });
        waitFor("the class Protégé added, after Reload files", () -> treeShows("sabot"), 60);
    }

    @org.junit.jupiter.api.AfterEach
    void settle() {
        KnowledgeThread.settle();
    }

    private static javafx.scene.Node treeCell(FxRobot robot, String label) {
        return robot.lookup(".tree-cell").match((javafx.scene.control.TreeCell<?> c) -> c.getItem() != null
                && label.equals(c.getText())).query();
    }

    private String selectedIri() {
        return fx(() -> window.knowledge.selectedClass() == null ? "" : window.knowledge.selectedClass().iri());
    }

    @Test
    void aBootAndAMoonLawMadeInFormsTrainAndAreUndoneToTheSameBytes(FxRobot robot) throws Exception {
        long t0 = System.nanoTime();
        Path ws = openWorkspace();
        Map<Path, byte[]> start = knowledgeFiles(ws);
        EditPane edit = window.knowledge.edit;

        assertTrue(fx(() -> window.knowledge.select(FA + "Footwear")));
        waitFor("footwear in the form", () -> fx(() -> edit.classLabel.getText().contains("footwear")), 30);
        text(edit.subclassName, "boot");
        clickAndWait(robot, edit.addSubclass);
        waitFor("boot selected in the tree", () -> selectedIri().equals(FA + "Boot"), 30);

        text(edit.attribute, "laces");
        clickAndWait(robot, edit.setAttribute);
        text(edit.attribute, "ankle shaft");
        clickAndWait(robot, edit.setAttribute);
        text(edit.disjointWith, "sandal");
        clickAndWait(robot, edit.disjoint);
        String fashion = Files.readString(ws.resolve("experiments/fashion-attributes.ttl"));
        assertTrue(fashion.contains("fa:Boot k:hasAttribute fa:laces .") && fashion.contains("fa:Boot k:hasAttribute fa:ankleShaft .")
                && fashion.contains("fa:Boot owl:disjointWith fa:Sandal ."), fashion.substring(fashion.indexOf("fa:Boot")));
        waitFor("boot's attributes in the Class tab", () -> fx(() -> window.knowledge.attributes.getItems()
                .containsAll(java.util.List.of("fa:laces", "fa:ankleShaft"))), 30);

        // A law whose g is below zero is refused with the reason, and nothing is written.
        choose(edit.lawType, "free fall");
        text(edit.lawName, "free fall on the Moon");
        text(edit.symbol, "g");
        text(edit.value, "-1.62");
        text(edit.unit, "m/s^2");
        byte[] physics = Files.readAllBytes(ws.resolve("experiments/physics.ttl"));
        clickAndWait(robot, edit.addLaw);
        assertTrue(fx(() -> window.session.status.get()).contains("gravity must be above 0"), fx(() -> window.session.status.get()));
        assertArrayEquals(physics, Files.readAllBytes(ws.resolve("experiments/physics.ttl")));

        text(edit.value, "1.62");
        clickAndWait(robot, edit.addLaw);
        choose(edit.observation, "thrownObject");
        choose(edit.law, "free fall on the Moon");
        clickAndWait(robot, edit.govern);
        // the diff of the selected experiment: the free-fall constraint now has the Moon's g
        assertTrue(fx(() -> edit.diff.getItems().stream().anyMatch(l -> l.startsWith("~ free-fall") && l.contains("g=1.62") && l.contains("was {g=9.81"))),
                fx(() -> edit.diffTitle.getText() + "\n" + String.join("\n", edit.diff.getItems())));
        // and what the free-fall term comes to on one batch, before and after
        assertTrue(fx(() -> edit.diff.getItems().get(0).startsWith("loss on one batch") && edit.diff.getItems().get(0).contains("free-fall ")),
                fx(() -> edit.diff.getItems().get(0)));

        robot.clickOn("Experiments");
        robot.clickOn(window.experiments.run);
        waitFor("the run to start", () -> fx(() -> !window.experiments.queue.jobs.isEmpty()), 30);
        RunQueue.Job job = fx(() -> window.experiments.queue.jobs.get(0));
        waitFor("the run to end", () -> fx(() -> job.state.get().ordinal() > RunQueue.State.RUNNING.ordinal()), 300);
        assertEquals(RunQueue.State.COMPLETED, job.state.get(), job.message);
        JsonNode constraints = KenningJson.mapper().readTree(job.out.resolve("constraints.json").toFile());
        assertTrue(constraints.findValues("g").stream().anyMatch(g -> g.path("value").asDouble() == 1.62
                && g.path("unit").asText().equals("m/s^2")), constraints.toString());

        // Undo every step from the keyboard: the files are as they were, byte for byte.
        robot.clickOn("Knowledge");
        robot.clickOn(window.knowledge.tree);
        for (int i = 0; i < 6; i++) {
            int before = fx(() -> edit.edits);
            robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
            waitFor("undo " + (i + 1), () -> fx(() -> edit.edits > before), 60);
        }
        assertTrue(fx(() -> edit.undo.isDisabled()), "everything undone");
        Map<Path, byte[]> end = knowledgeFiles(ws);
        assertEquals(start.keySet(), end.keySet());
        for (Path p : start.keySet()) {
            assertTrue(Arrays.equals(start.get(p), end.get(p)), p + " differs from the start");
        }
        // and redo brings the last undone edit back (Ctrl+Shift+Z)
        int before = fx(() -> edit.edits);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor("redo", () -> fx(() -> edit.edits > before), 60);
        assertTrue(Files.readString(ws.resolve("experiments/fashion-attributes.ttl")).contains("fa:Boot a owl:Class"));
        System.out.printf("walk-through: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void aCycleIsRefusedInTheFormAndSearchAndGraphFindTheClass(FxRobot robot) throws Exception {
        Path ws = openWorkspace();
        Map<Path, byte[]> start = knowledgeFiles(ws);
        EditPane edit = window.knowledge.edit;
        assertTrue(fx(() -> window.knowledge.select(FA + "Footwear")));
        waitFor("footwear in the form", () -> fx(() -> edit.classLabel.getText().contains("footwear")), 30);
        text(edit.moveTo, "sandal");
        clickAndWait(robot, edit.move);
        String status = fx(() -> window.session.status.get());
        assertTrue(status.contains("a cycle in subclasses") && status.contains("no file was changed"), status);
        assertEquals(start.keySet(), knowledgeFiles(ws).keySet());
        knowledgeFiles(ws).forEach((p, b) -> assertArrayEquals(start.get(p), b, p.toString()));

        // An observation put under a walking law leaves the free-fall spec without its free-fall constraint:
        // flagged in the Edit tab and beside Run, and gone again with the undo.
        choose(edit.observation, "thrownObject");
        choose(edit.law, "uniform motion");
        clickAndWait(robot, edit.govern);
        assertTrue(fx(() -> edit.warning.isVisible() && edit.warning.getText().contains("no free-fall constraint")), fx(() -> edit.warning.getText()));
        assertTrue(fx(() -> window.experiments.emptiedWarning.isVisible()
                && window.experiments.emptiedWarning.getText().contains("free-fall-small.yaml with no free-fall constraint")),
                fx(() -> window.experiments.emptiedWarning.getText()));
        int governed = fx(() -> edit.edits);
        fx(() -> {
            edit.undo();
            return null;
        });
        waitFor("the undo", () -> fx(() -> edit.edits > governed), 60);
        assertFalse(fx(() -> window.experiments.emptiedWarning.isVisible()));
        assertFalse(fx(() -> edit.warning.isVisible()), "back as it was: nothing is missing");

        // Ctrl+F, a part of a label, Enter: the match is selected in the tree and drawn with its neighbours
        robot.clickOn(window.knowledge.tree);
        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        waitFor("the search field focused", () -> fx(() -> window.knowledge.search.isFocused()), 10);
        robot.write("ankle b").type(KeyCode.ENTER);
        waitFor("ankle boot selected", () -> selectedIri().equals(FA + "AnkleBoot"), 30);
        fx(() -> {
            window.knowledge.tabs.getSelectionModel().select(2);
            return null;
        });
        waitFor("the neighbourhood graph", () -> fx(() -> window.knowledge.graph.nodes.containsAll(
                java.util.List.of("ankle boot", "footwear", "sandal", "heel", "laces"))), 30);

        // dragging "sandal" onto "accessory" in the tree moves it there; Ctrl+Z puts it back
        int before = fx(() -> edit.edits);
        robot.drag(treeCell(robot, "sandal")).dropTo(treeCell(robot, "accessory"));
        waitFor("the move by drag and drop", () -> fx(() -> edit.edits > before), 60);
        String fashion = Files.readString(ws.resolve("experiments/fashion-attributes.ttl"));
        assertTrue(fashion.contains("fa:Sandal a owl:Class ; rdfs:subClassOf fa:Accessory ;"), fashion);
        robot.clickOn(window.knowledge.tree);
        int moved = fx(() -> edit.edits);
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitFor("the undo", () -> fx(() -> edit.edits > moved), 60);
        knowledgeFiles(ws).forEach((p, b) -> assertArrayEquals(start.get(p), b, p.toString()));
    }

    @Test
    void aGuidedRuleAndADecisionTableBecomePacksAndANewExperimentIsCreated(FxRobot robot) throws Exception {
        Path ws = openWorkspace();
        robot.clickOn("Rules");
        GuidedRulesPane guided = window.rules.guided;
        fx(() -> {
            window.rules.editorTabs.getSelectionModel().select(1);
            guided.ruleKind.setValue(GuidedRulesPane.DISJOINT);
            guided.ruleName.setText("disjoint classes exclude each other, guided");
            guided.constraintKind.setText("mutually-exclusive");
            return null;
        });
        robot.clickOn(guided.addRule);
        waitFor("the guided pack in the DRL editor", () -> fx(() -> window.rules.drl.getText()
                .contains("rule \"disjoint classes exclude each other, guided\"")), 30);
        assertTrue(Files.readString(ws.resolve("experiments/guided.drl")).contains("$pair : DisjointWith( $a : first, $b : second )"));

        fx(() -> {
            window.rules.editorTabs.getSelectionModel().select(1);
            return null;
        });
        fx(() -> {
            guided.saveTable.fire(); // below the fold of the scrolled pane; fired as a click would
            return null;
        });
        try {
            waitFor("the table's pack in the DRL editor", () -> fx(() -> window.rules.drl.getText().contains("type == \"HarmonicMotion\"")), 30);
        } catch (IllegalStateException e) {
            throw new AssertionError(fx(() -> window.session.status.get()), e);
        }
        assertTrue(Files.readString(ws.resolve("experiments/law-table.csv")).startsWith("RuleSet,kenning.law_table"));

        // a bad weight is refused with one message naming it
        fx(() -> {
            window.rules.editorTabs.getSelectionModel().select(1);
            guided.weight.setText("heavy");
            guided.addRule.fire();
            return null;
        });
        assertTrue(fx(() -> window.session.status.get()).contains("weight: 'heavy' is not a number"), fx(() -> window.session.status.get()));

        robot.clickOn("Experiments");
        NewExperimentPane n = window.experiments.newExperiment;
        fx(() -> {
            window.experiments.newPane.setExpanded(true);
            return null;
        });
        waitFor("the knowledge to choose from", () -> fx(() -> n.ontologies.getItems().size() > 2), 10);
        fx(() -> {
            n.name.setText("moon-drop");
            n.ontologies.getItems().stream().filter(p -> p.getFileName().toString().matches("physics.ttl|free-fall-scene.ttl"))
                    .forEach(p -> n.ontologies.getSelectionModel().select(p));
            n.packs.getItems().stream().filter(p -> p.getFileName().toString().equals("physics.drl"))
                    .forEach(p -> n.packs.getSelectionModel().select(p));
            n.create.fire(); // at the foot of the scrolled pane
            return null;
        });
        waitFor("the new spec selected", () -> fx(() -> window.experiments.specs.getSelectionModel().getSelectedItem() != null
                && window.experiments.specs.getSelectionModel().getSelectedItem().getFileName().toString().equals("moon-drop.yaml")), 30);
        assertTrue(Files.readString(ws.resolve("experiments/moon-drop.yaml")).contains("generator: free-fall"));
    }
}
