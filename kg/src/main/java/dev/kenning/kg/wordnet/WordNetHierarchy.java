package dev.kenning.kg.wordnet;

import dev.kenning.core.knowledge.WordNetMatch;
import org.apache.jena.rdf.model.Model;

import java.util.List;

/** The statements of a WordNet hierarchy, ready to import, and how each class name matched. */
public record WordNetHierarchy(Model model, List<WordNetMatch> matches) {

    public WordNetHierarchy {
        matches = List.copyOf(matches);
    }
}
