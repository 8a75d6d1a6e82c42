package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ontology split into modules is read whole from the one file named, as Protégé opens it. */
class OwlImportsTest {

    @TempDir
    Path dir;

    private Path ontology(String file, String iri, String imports, String body) throws IOException {
        return Files.writeString(dir.resolve(file), """
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix : <http://example.org/shop#> .
                <%s> a owl:Ontology %s .
                %s
                """.formatted(iri, imports.isEmpty() ? "" : "; owl:imports " + imports, body));
    }

    private static boolean holds(KnowledgeBase kb, String cls) {
        return kb.ask("ASK { <http://example.org/shop#" + cls + "> ?p ?o }");
    }

    @Test
    void importsAreFoundByProtegesCatalogOrByTheIriAFileBesideDeclares() throws IOException {
        Path shop = ontology("shop.ttl", "http://example.org/shop", "<http://example.org/parts> , <http://example.org/colours>",
                ":Sandal rdfs:subClassOf :Footwear .");
        // named by the catalog, in a subfolder, under a name that says nothing of its IRI
        Files.createDirectories(dir.resolve("modules"));
        Files.writeString(dir.resolve("modules/m1.ttl"), """
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                <http://example.org/parts> a owl:Ontology ; owl:imports <http://example.org/materials/1.0> .
                <http://example.org/shop#Sole> rdfs:subClassOf <http://example.org/shop#Part> .
                """);
        Files.writeString(dir.resolve(OwlImports.CATALOG), """
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:1.0">
                    <group id="Folder Repository, directory=, recursive=false" prefer="public" xml:base="">
                        <uri id="Automatically generated entry" name="http://example.org/parts" uri="modules/m1.ttl"/>
                    </group>
                </catalog>
                """);
        // found beside the file by the ontology IRI it declares; the third by its version IRI, imported by the second
        ontology("colours.ttl", "http://example.org/colours", "", ":Red rdfs:subClassOf :Colour .");
        Files.writeString(dir.resolve("modules/materials.ttl"), """
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                <http://example.org/materials> a owl:Ontology ; owl:versionIRI <http://example.org/materials/1.0> .
                <http://example.org/shop#Leather> rdfs:subClassOf <http://example.org/shop#Material> .
                """);
        Files.writeString(dir.resolve("notes.txt"), "not RDF");

        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(shop);
            OwlImports.Followed followed = OwlImports.follow(kb, List.of(shop));

            // a file's imports in IRI order, then theirs
            assertEquals(List.of(dir.resolve("colours.ttl"), dir.resolve("modules/m1.ttl"), dir.resolve("modules/materials.ttl")),
                    followed.loaded());
            assertEquals(List.of(), followed.missing());
            assertTrue(holds(kb, "Sole") && holds(kb, "Red") && holds(kb, "Leather"));
            // each in its own graph, as if named in the spec
            assertTrue(kb.graphs().contains(KnowledgeBase.graphFor(dir.resolve("modules/m1.ttl"))), kb.graphs().toString());
        }
    }

    @Test
    void anImportFoundNowhereIsReportedAndNothingIsFetched() throws IOException {
        Path shop = ontology("shop.ttl", "http://example.org/shop", "<http://purl.obolibrary.org/obo/bfo.owl>",
                ":Sandal rdfs:subClassOf :Footwear .");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(shop);
            OwlImports.Followed followed = OwlImports.follow(kb, List.of(shop));

            assertEquals(List.of(), followed.loaded());
            assertEquals(1, followed.missing().size());
            String message = followed.missing().get(0).message();
            assertTrue(message.contains("shop.ttl imports <http://purl.obolibrary.org/obo/bfo.owl>")
                    && message.contains("knowledge.ontologies") && message.contains(OwlImports.CATALOG), message);
            // missing until a file named declares it
            assertFalse(OwlImports.follow(kb, List.of(shop)).missing().isEmpty());
            Path bfo = ontology("elsewhere.ttl", "http://purl.obolibrary.org/obo/bfo.owl", "", "");
            kb.load(bfo);
            assertEquals(List.of(), OwlImports.follow(kb, List.of(shop, bfo)).missing());
        }
    }

    @Test
    void aCatalogThatIsNotOneIsOneMessage() throws IOException {
        Path shop = ontology("shop.ttl", "http://example.org/shop", "<http://example.org/parts>", "");
        Files.writeString(dir.resolve(OwlImports.CATALOG), "<catalog><uri name=");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(shop);
            InputError e = assertThrows(InputError.class, () -> OwlImports.follow(kb, List.of(shop)));
            assertTrue(e.getMessage().contains(OwlImports.CATALOG) && e.getMessage().contains("<uri name="), e.getMessage());
        }
    }
}
