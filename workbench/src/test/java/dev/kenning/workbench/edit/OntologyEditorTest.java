package dev.kenning.workbench.edit;

import dev.kenning.core.InputError;
import dev.kenning.workbench.edit.OntologyEditor.AttributeLink;
import dev.kenning.workbench.edit.OntologyEditor.Parameter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each edit on copies of the project's own knowledge files: what it writes (comments kept), what
 * it refuses (files untouched), and undo/redo restoring the bytes exactly.
 */
class OntologyEditorTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String FA = "https://kenning.dev/fashion#";
    static final String K = "https://kenning.dev/ns#";
    static final String SCENE = "https://kenning.dev/experiments/free-fall#thrownObject";

    @TempDir
    Path dir;
    Path physics;
    Path fashion;
    Path scene;
    OntologyEditor editor;

    @BeforeEach
    void copyKnowledge() throws IOException {
        physics = Files.copy(ROOT.resolve("kg/ontology/physics.ttl"), dir.resolve("physics.ttl"));
        Files.copy(ROOT.resolve("kg/ontology/kenning.ttl"), dir.resolve("kenning.ttl"));
        fashion = Files.copy(ROOT.resolve("kg/ontology/fashion-attributes.ttl"), dir.resolve("fashion-attributes.ttl"));
        scene = Files.copy(ROOT.resolve("experiments/free-fall-scene.ttl"), dir.resolve("free-fall-scene.ttl"));
        Path shapes = Files.copy(ROOT.resolve("kg/shapes/kenning-shapes.ttl"), dir.resolve("shapes.ttl"));
        List<Path> files = List.of(dir.resolve("kenning.ttl"), physics, fashion, scene);
        editor = new OntologyEditor(() -> files, shapes);
    }

    private Map<Path, byte[]> bytes() throws IOException {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        for (Path p : List.of(physics, fashion, scene, dir.resolve("kenning.ttl"))) {
            out.put(p, Files.readAllBytes(p));
        }
        return out;
    }

    private void assertUnchanged(Map<Path, byte[]> before) throws IOException {
        for (var e : before.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), e.getKey() + " changed");
        }
    }

    @Test
    void aNewSubclassGoesToItsParentsFileWithItsCommentsKept() throws IOException {
        String before = Files.readString(fashion);
        Edit e = editor.addSubclass(FA + "Footwear", "boot");
        assertEquals(FA + "Boot", e.subject());
        String after = Files.readString(fashion);
        assertTrue(after.startsWith(before), "the file's text, comments included, is kept and the class appended");
        assertTrue(after.contains("fa:Boot a owl:Class ;\n    rdfs:subClassOf fa:Footwear ;\n    rdfs:label \"boot\" ."), after);
        assertEquals(List.of("footwear"), editor.neighbourhood(FA + "Boot").superclasses().stream().map(OntologyEditor.Named::label).toList());
        InputError again = assertThrows(InputError.class, () -> editor.addSubclass(FA + "Footwear", "boot"));
        assertTrue(again.getMessage().contains("exists already"), again.getMessage());
    }

    @Test
    void renameReplacesTheLabelInPlace() throws IOException {
        editor.rename(FA + "Sandal", "open sandal");
        String text = Files.readString(fashion);
        assertTrue(text.contains("rdfs:label \"open sandal\""), text);
        assertFalse(text.contains("rdfs:label \"sandal\""));
        assertEquals(Files.readString(ROOT.resolve("kg/ontology/fashion-attributes.ttl")).length() + 5, text.length(),
                "only the label's text changed");
    }

    @Test
    void renamingAnIriChangesEveryReference() throws IOException {
        editor.renameIri(FA + "Sandal", FA + "OpenShoe");
        String text = Files.readString(fashion);
        assertFalse(text.contains("fa:Sandal"));
        assertTrue(text.contains("fa:OpenShoe owl:disjointWith fa:Sneaker , fa:AnkleBoot ."), text);
    }

    @Test
    void moveReplacesTheParentAndDeleteIsPreviewedOrRefused() throws IOException {
        editor.move(FA + "Sandal", FA + "FashionItem");
        assertEquals(List.of(FA + "FashionItem"), editor.neighbourhood(FA + "Sandal").superclasses().stream()
                .map(OntologyEditor.Named::iri).toList());

        OntologyEditor.DeletePreview footwear = editor.previewDelete(FA + "Footwear");
        assertNotNull(footwear.refusal());
        assertTrue(footwear.refusal().contains("subclass 'ankle boot'"), footwear.refusal());
        Map<Path, byte[]> start = bytes();
        InputError refused = assertThrows(InputError.class, () -> editor.delete(FA + "Footwear"));
        assertTrue(refused.getMessage().contains("move or delete them first"), refused.getMessage());
        assertUnchanged(start);

        OntologyEditor.DeletePreview sandal = editor.previewDelete(FA + "Sandal");
        assertEquals(null, sandal.refusal());
        assertTrue(sandal.removed().stream().anyMatch(s -> s.contains("fa:Sandal owl:disjointWith fa:Sneaker")), sandal.removed().toString());
        editor.delete(FA + "Sandal");
        String text = Files.readString(fashion);
        assertFalse(text.contains("fa:Sandal"), "every statement naming it is gone");
        assertTrue(text.contains("fa:Sneaker owl:disjointWith fa:AnkleBoot ."), "its neighbours' statements stay");
    }

    @Test
    void deletingWithSubclassesRemovesTheWholeBranch() throws IOException {
        OntologyEditor.DeletePreview preview = editor.previewDelete(FA + "Footwear", true);
        assertEquals(null, preview.refusal());
        assertTrue(preview.removed().stream().anyMatch(s -> s.contains("fa:AnkleBoot")), preview.removed().toString());
        Map<Path, byte[]> start = bytes();
        editor.delete(FA + "Footwear", true);
        String text = Files.readString(fashion);
        for (String gone : List.of("fa:Footwear", "fa:Sandal", "fa:Sneaker", "fa:AnkleBoot")) {
            assertFalse(text.contains(gone), gone + " is still there");
        }
        assertTrue(text.contains("fa:Clothing owl:disjointWith fa:Accessory ."), "the rest of the disjointness stays: " + text);
        editor.history().undo();
        assertUnchanged(start);
    }

    @Test
    void attributesAreStatedAndAnotherLinkReplaced() throws IOException {
        editor.attribute(FA + "Sandal", AttributeLink.HAS, FA + "heel");
        String text = Files.readString(fashion);
        assertTrue(text.contains("fa:Sandal k:hasAttribute fa:heel ."), text);
        assertTrue(text.contains("fa:Sandal k:mayHaveAttribute fa:ankleShaft ."), "may-have heel replaced, ankle shaft kept: " + text);
        editor.attribute(FA + "Sandal", AttributeLink.LACKS, FA + "heel");
        text = Files.readString(fashion);
        assertTrue(text.contains("fa:Sandal k:lacksAttribute fa:heel ."));
        assertFalse(text.contains("fa:Sandal k:hasAttribute fa:heel ."));
        InputError twice = assertThrows(InputError.class, () -> editor.attribute(FA + "Sandal", AttributeLink.LACKS, FA + "heel"));
        assertTrue(twice.getMessage().contains("already"), twice.getMessage());
    }

    @Test
    void aNewAttributeIsDescribedAndGivenToTheClass() throws IOException {
        editor.newAttribute(FA + "Sandal", "buckle");
        String text = Files.readString(fashion);
        assertTrue(text.contains("fa:buckle a k:Attribute ;\n    rdfs:label \"buckle\" ;\n    k:outputName \"attr:buckle\" .\n"
                + "fa:Sandal k:hasAttribute fa:buckle ."), text.substring(text.length() - 300));
        InputError again = assertThrows(InputError.class, () -> editor.newAttribute(FA + "Sandal", "buckle"));
        assertTrue(again.getMessage().contains("exists already"), again.getMessage());
        InputError heel = assertThrows(InputError.class, () -> editor.newAttribute(FA + "Sneaker", "heel"));
        assertTrue(heel.getMessage().contains("fashion#heel, which exists already"), heel.getMessage());
    }

    @Test
    void aLawWithParametersAndAnObservationGovernedByIt() throws IOException {
        Edit law = editor.addLaw(K + "FreeFall", "free fall on the Moon", List.of(new Parameter("g", 1.62, "m/s^2")));
        assertEquals(K + "FreeFallOnTheMoon", law.subject());
        String text = Files.readString(physics);
        assertTrue(text.contains("k:FreeFallOnTheMoon_g a k:Parameter ;\n    k:symbol \"g\" ;\n    k:value \"1.62\"^^xsd:double ;\n"
                + "    k:unit \"m/s^2\" ."), text);
        editor.governedBy(SCENE, K + "FreeFallOnTheMoon");
        String s = Files.readString(scene);
        assertTrue(s.contains("k:governedBy k:FreeFallOnTheMoon ;"), s);
        assertTrue(s.contains("# Height is never labelled"), "comments stay");
        editor.setParameter(K + "FreeFallOnTheMoon", new Parameter("g", 1.625, "m/s^2"));
        assertTrue(Files.readString(physics).contains("k:value \"1.625\"^^xsd:double"));
        editor.modelOutput(SCENE, "height_m");
        assertTrue(Files.readString(scene).contains("k:modelOutput \"height_m\" ;"));
        editor.frameRate(SCENE, 30);
        assertTrue(Files.readString(scene).contains("k:frameRate \"30.0\"^^xsd:double ;"));
        assertTrue(editor.laws().stream().anyMatch(n -> n.label().equals("free fall on the Moon")));
        assertEquals(List.of("thrownObject"), editor.observations().stream().map(OntologyEditor.Named::label).toList());
    }

    @Test
    void aSubclassCycleIsRefusedAndTheFilesStayAsTheyWere() throws IOException {
        Map<Path, byte[]> start = bytes();
        InputError e = assertThrows(InputError.class, () -> editor.move(FA + "Footwear", FA + "Sandal"));
        assertTrue(e.getMessage().contains("a cycle in subclasses"), e.getMessage());
        assertTrue(e.getMessage().contains("no file was changed"), e.getMessage());
        assertUnchanged(start);
        assertFalse(editor.history().canUndo());
    }

    @Test
    void aClassDisjointWithItsOwnSuperclassIsRefused() throws IOException {
        editor.addSubclass(FA + "Footwear", "boot");
        Map<Path, byte[]> start = bytes();
        InputError e = assertThrows(InputError.class, () -> editor.disjoint(FA + "Boot", FA + "FashionItem"));
        assertTrue(e.getMessage().contains("'boot' would be disjoint with its own superclass 'fashion item'"), e.getMessage());
        assertUnchanged(start);
        editor.disjoint(FA + "Boot", FA + "Sandal");
        assertTrue(Files.readString(fashion).contains("fa:Boot owl:disjointWith fa:Sandal ."));
    }

    @Test
    void aParameterWithoutAUnitIsRefused() throws IOException {
        Map<Path, byte[]> start = bytes();
        InputError e = assertThrows(InputError.class, () -> editor.addLaw(K + "FreeFall", "free fall on Mars",
                List.of(new Parameter("g", 3.71, " "))));
        assertTrue(e.getMessage().contains("parameter g of 'free fall on Mars' has no unit"), e.getMessage());
        assertUnchanged(start);
    }

    @Test
    void gravityAtOrBelowZeroIsRefused() throws IOException {
        Map<Path, byte[]> start = bytes();
        for (double g : new double[]{0, -9.81}) {
            InputError e = assertThrows(InputError.class, () -> editor.setParameter(K + "EarthFreeFall", new Parameter("g", g, "m/s^2")));
            assertTrue(e.getMessage().contains("gravity must be above 0"), e.getMessage());
        }
        InputError law = assertThrows(InputError.class, () -> editor.addLaw(K + "FreeFall", "upside down",
                List.of(new Parameter("g", -1, "m/s^2"))));
        assertTrue(law.getMessage().contains("g of 'upside down' is -1.0"), law.getMessage());
        assertUnchanged(start);
    }

    @Test
    void aShaclViolationTheEditAddsIsRefused() throws IOException {
        Map<Path, byte[]> start = bytes();
        // k:hasAttribute must point to a k:Attribute; a law is none
        InputError e = assertThrows(InputError.class, () -> editor.attribute(FA + "Sandal", AttributeLink.HAS, K + "EarthFreeFall"));
        assertTrue(e.getMessage().contains("SHACL") && e.getMessage().contains("must point to a k:Attribute"), e.getMessage());
        assertUnchanged(start);
    }

    @Test
    void undoAndRedoRestoreTheFilesByteForByte() throws IOException {
        Map<Path, byte[]> start = bytes();
        editor.addSubclass(FA + "Footwear", "boot");
        editor.attribute(FA + "Boot", AttributeLink.HAS, FA + "laces");
        editor.disjoint(FA + "Boot", FA + "Sandal");
        editor.addLaw(K + "FreeFall", "free fall on the Moon", List.of(new Parameter("g", 1.62, "m/s^2")));
        editor.governedBy(SCENE, K + "FreeFallOnTheMoon");
        editor.rename(FA + "Sandal", "open sandal");
        Map<Path, byte[]> end = bytes();
        int undone = 0;
        while (editor.history().undo().isPresent()) {
            undone++;
        }
        assertEquals(6, undone);
        assertUnchanged(start);
        while (editor.history().redo().isPresent()) {
            undone--;
        }
        assertEquals(0, undone);
        assertUnchanged(end);
    }

    /** The files' graph is kept between questions while they stay as they are, and read again once one changes by hand. */
    @Test
    void aFileChangedByHandIsReadAgain() throws IOException {
        assertEquals(List.of(), editor.search("clog"));
        assertEquals(editor.search("sandal"), editor.search("sandal"));
        Files.writeString(fashion, Files.readString(fashion) + "\nfa:Clog a owl:Class ; rdfs:label \"clog\" .\n");
        assertEquals(List.of("clog"), editor.search("clog").stream().map(OntologyEditor.Named::label).toList());
    }

    @Test
    void undoIsRefusedWhenTheFileWasChangedByHandSince() throws IOException {
        editor.addSubclass(FA + "Footwear", "boot");
        Files.writeString(fashion, Files.readString(fashion) + "\n# a note typed by hand\n");
        byte[] now = Files.readAllBytes(fashion);
        InputError e = assertThrows(InputError.class, () -> editor.history().undo());
        assertTrue(e.getMessage().contains("changed since"), e.getMessage());
        assertArrayEquals(now, Files.readAllBytes(fashion));
    }

    @Test
    void aProtegeRdfXmlFileIsEditedAndSavedAsRdfXml() throws IOException {
        Path owl = Files.copy(ROOT.resolve("kg/ontology/fashion-attributes.owl"), dir.resolve("fashion-attributes.owl"));
        byte[] start = Files.readAllBytes(owl);
        OntologyEditor withOwl = new OntologyEditor(() -> List.of(owl), null);
        String sandal = withOwl.search("sandal").stream().filter(n -> n.label().equals("sandal")).map(OntologyEditor.Named::iri)
                .findFirst().orElseThrow();
        withOwl.rename(sandal, "open sandal");
        String xml = Files.readString(owl);
        assertTrue(xml.startsWith("<rdf:RDF") || xml.startsWith("<?xml"), "still RDF/XML: " + xml.substring(0, 80));
        assertTrue(xml.contains(">open sandal<"), "the new label is in the file");
        assertEquals(List.of("open sandal"), withOwl.search("open sandal").stream().map(OntologyEditor.Named::label).toList());
        withOwl.addSubclass(withOwl.neighbourhood(sandal).superclasses().get(0).iri(), "boot");
        assertTrue(withOwl.search("boot").stream().anyMatch(n -> n.label().equals("boot")));
        withOwl.history().undo();
        withOwl.history().undo();
        assertArrayEquals(start, Files.readAllBytes(owl), "undo restores the file byte for byte");
    }

    /** Protégé's OWL/XML (here named .owl, as Protégé may) is read and looked up, but an edit that would rewrite it is refused. */
    @Test
    void anOwlXmlFileIsReadButNotRewritten() throws IOException {
        Path owx = Files.writeString(dir.resolve("wardrobe.owl"), """
                <?xml version="1.0"?>
                <Ontology xmlns="http://www.w3.org/2002/07/owl#" xml:base="http://example.org/wardrobe"
                     ontologyIRI="http://example.org/wardrobe">
                    <Prefix name="" IRI="http://example.org/wardrobe#"/>
                    <Prefix name="rdfs" IRI="http://www.w3.org/2000/01/rdf-schema#"/>
                    <Declaration><Class IRI="#Footwear"/></Declaration>
                    <Declaration><Class IRI="#Clog"/></Declaration>
                    <SubClassOf><Class IRI="#Clog"/><Class IRI="#Footwear"/></SubClassOf>
                    <AnnotationAssertion><AnnotationProperty abbreviatedIRI="rdfs:label"/><IRI>#Clog</IRI><Literal>clog</Literal></AnnotationAssertion>
                    <AnnotationAssertion><AnnotationProperty abbreviatedIRI="rdfs:label"/><IRI>#Footwear</IRI><Literal>footwear</Literal></AnnotationAssertion>
                </Ontology>
                """);
        Path ttl = Files.writeString(dir.resolve("tops.ttl"), """
                @prefix : <http://example.org/tops#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                :Top a owl:Class ; rdfs:label "top" .
                """);
        OntologyEditor both = new OntologyEditor(() -> List.of(owx, ttl), null);
        String ns = "http://example.org/wardrobe#";
        assertEquals(List.of("footwear"), both.neighbourhood(ns + "Clog").superclasses().stream().map(OntologyEditor.Named::label).toList());
        byte[] start = Files.readAllBytes(owx);

        InputError e = assertThrows(InputError.class, () -> both.addSubclass(ns + "Footwear", "sabot"));
        assertTrue(e.getMessage().startsWith(owx + ": refused 'add class 'sabot' under footwear'") && e.getMessage().contains("which is in OWL/XML: Kenning"
                + " reads that syntax but does not write it"), e.getMessage());
        assertArrayEquals(start, Files.readAllBytes(owx));
        both.addSubclass("http://example.org/tops#Top", "blouse");
        assertTrue(Files.readString(ttl).contains("\"blouse\""));
        assertArrayEquals(start, Files.readAllBytes(owx));
    }

    @Test
    void classesMadeDisjointTogetherAreShownAndNotMadeDisjointTwice() throws IOException {
        // as Protégé writes three or more classes made disjoint
        Path ttl = Files.writeString(dir.resolve("shapes-ont.ttl"), """
                @prefix : <http://example.org/shapes#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                :Shape a owl:Class .
                :Disc a owl:Class ; rdfs:subClassOf :Shape ; rdfs:label "disc" .
                :Square a owl:Class ; rdfs:subClassOf :Shape ; rdfs:label "square" .
                :Star a owl:Class ; rdfs:subClassOf :Shape ; rdfs:label "star" .
                [] a owl:AllDisjointClasses ; owl:members ( :Disc :Square :Star ) .
                """);
        OntologyEditor shapes = new OntologyEditor(() -> List.of(ttl), null);
        String ns = "http://example.org/shapes#";
        assertEquals(List.of("square", "star"), shapes.neighbourhood(ns + "Disc").disjoint().stream()
                .map(OntologyEditor.Named::label).toList());
        byte[] start = Files.readAllBytes(ttl);
        InputError twice = assertThrows(InputError.class, () -> shapes.disjoint(ns + "Star", ns + "Disc"));
        assertTrue(twice.getMessage().contains("'star' and 'disc' are disjoint already"), twice.getMessage());
        assertArrayEquals(start, Files.readAllBytes(ttl));
        // the GUI's class view reads the store the same way
        try (dev.kenning.workbench.KnowledgeStore store = dev.kenning.workbench.Workbench.create(
                dev.kenning.workbench.WorkbenchConfig.notRecording()).openWorkspace(dir.resolve("ws"))) {
            store.load(ttl);
            assertEquals(List.of(ns + "Square", ns + "Star"), store.disjointWith(ns + "Disc"));
        }
    }

    /** A union's members (Protégé: owl:equivalentClass [ owl:unionOf (…) ]) are its subclasses in the neighbourhood, as in the rules. */
    @Test
    void theMembersOfAUnionAreItsSubclassesInTheNeighbourhood() throws IOException {
        Path ttl = Files.writeString(dir.resolve("wardrobe.ttl"), """
                @prefix : <http://example.org/wardrobe#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                :Footwear a owl:Class ; rdfs:label "footwear" ;
                    owl:equivalentClass [ a owl:Class ; owl:unionOf ( :Sandal :Boot ) ] .
                :Sandal a owl:Class ; rdfs:label "sandal" .
                :Boot a owl:Class ; rdfs:label "boot" .
                """);
        OntologyEditor wardrobe = new OntologyEditor(() -> List.of(ttl), null);
        String ns = "http://example.org/wardrobe#";

        assertEquals(List.of("boot", "sandal"), wardrobe.neighbourhood(ns + "Footwear").subclasses().stream()
                .map(OntologyEditor.Named::label).sorted().toList());
        assertEquals(List.of("footwear"), wardrobe.neighbourhood(ns + "Sandal").superclasses().stream()
                .map(OntologyEditor.Named::label).toList());
    }

    @Test
    void searchFindsByLabelOrIri() {
        assertTrue(editor.search("ANKLE").stream().anyMatch(n -> n.iri().equals(FA + "AnkleBoot")));
        assertTrue(editor.search("EarthFree").stream().anyMatch(n -> n.label().equals("free fall near the Earth's surface")));
        assertTrue(editor.search("  ").isEmpty());
    }
}
