package dev.kenning.workbench;

import dev.kenning.constraints.DerivedConstraints;
import dev.kenning.core.ConstraintSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the rules derived from the graph for one experiment, and the files (with SHA-256) used;
 * {@code endpoint} is the SPARQL endpoint the graph was read from, or null for the spec's files;
 * {@code wordNetSenses}, the WordNet sense each labelled class was given (empty without
 * {@code knowledge.wordnet}); {@code notes}, what the user should know about the knowledge read
 * that did not stop it (an imported ontology no file was found for), one line each. The
 * ontologies' hashes include those read because an ontology imports them. {@code classNames}
 * holds the other names each class output goes by in the graph ({@code "class:shirt" → [Shirt,
 * Hemd, shirt]}: local names, labels in any language, equivalent named classes), by which a
 * dataset's folders and a spec's held-out classes may call it; {@code classesAbove}, by every name
 * it goes by, each class above class outputs that is not one itself, with the outputs below it
 * ({@code "Footwear" → [class:sandal, class:sneaker]}), so a folder named after one is told it
 * names a group of labels. {@code generated} is the Turtle of
 * the graphs the run made rather than read from a file (the dataset's labels as classes, WordNet's
 * hypernyms above them), empty when it made none: a run folder and a bundle keep it, so the
 * knowledge a model was trained with travels with it.
 */
public record DerivedKnowledge(List<ConstraintSpec> constraints, Map<Path, String> ontologyHashes,
                               Map<Path, String> ruleHashes, long triples, String endpoint, List<String> wordNetSenses,
                               List<String> notes, Map<String, List<String>> classNames, Map<String, List<String>> classesAbove,
                               String generated) {
    public DerivedKnowledge {
        wordNetSenses = List.copyOf(wordNetSenses);
        notes = List.copyOf(notes);
        classNames = Map.copyOf(classNames);
        classesAbove = Map.copyOf(classesAbove);
        generated = generated == null ? "" : generated;
    }

    /** The constraints read through the catalogue: the bound output, its range and sign, their losses. */
    public DerivedConstraints derived() {
        return DerivedConstraints.of(constraints);
    }
}
