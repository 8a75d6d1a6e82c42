package dev.kenning.kg;

import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.NameKey;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dataset's labels as classes, when nothing else describes them (an image spec whose only
 * knowledge is WordNet's hypernyms above its folders' names): one class per name, labelled with
 * it, scored as {@code class:<name>} and numbered in the order given, all stated pairwise
 * disjoint, since each image shows one of them.
 */
public final class LabelClasses {

    /** The graph the classes go into. */
    public static final String GRAPH = "urn:kenning:graph:dataset-labels";

    /** The namespace of the classes, prefix {@code label:}. */
    public static final String NS = "https://kenning.dev/labels#";

    private LabelClasses() {
    }

    /**
     * A label as an output name (without "class:"): composed (NFC, so a decomposed "Überzieher" is
     * not "u-berzieher"), lower case, other characters' runs one '-'; outputs.rq names outputs by it too ({@link OutputNaming}).
     */
    public static String outputName(String label) {
        return java.text.Normalizer.normalize(label.strip(), java.text.Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}]+", "-").replaceAll("^-+|-+$", "");
    }

    /**
     * The classes of {@code labels}, in that order.
     *
     * @param where where the names come from, for the message when two of them are one name
     * @throws InputError if a name has no letter or digit, or two names differ only in case or punctuation
     */
    public static Model of(List<String> labels, String where) {
        Model model = ModelFactory.createDefaultModel();
        model.setNsPrefix("label", NS).setNsPrefix("k", KnowledgeBase.NS);
        Property outputName = model.createProperty(KnowledgeBase.NS, "outputName");
        Property labelIndex = model.createProperty(KnowledgeBase.NS, "labelIndex");
        Map<String, String> byKey = new HashMap<>();
        List<Resource> classes = new ArrayList<>();
        for (String label : labels) {
            String name = label.strip();
            String output = outputName(name);
            if (output.isEmpty()) {
                throw new InputError(where, "the class name '" + label + "' has no letter or digit to name a class by");
            }
            String other = byKey.putIfAbsent(NameKey.of(name), name);
            if (other != null) {
                throw new InputError(where, "'" + other + "' and '" + name + "' are one name (case and punctuation are"
                        + " ignored): rename one folder, or name its class in data.classes");
            }
            Resource cls = model.createResource(NS + output);
            model.add(cls, RDF.type, OWL.Class);
            model.add(cls, RDFS.label, name);
            model.add(cls, outputName, "class:" + output);
            model.add(cls, labelIndex, model.createTypedLiteral(classes.size()));
            classes.add(cls);
        }
        if (classes.size() >= 2) {
            Resource disjoint = model.createResource();
            model.add(disjoint, RDF.type, OWL2.AllDisjointClasses);
            model.add(disjoint, OWL2.members, model.createList(classes.iterator()));
        }
        return model;
    }
}
