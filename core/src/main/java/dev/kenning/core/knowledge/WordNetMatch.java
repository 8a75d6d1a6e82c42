package dev.kenning.core.knowledge;

/**
 * How one class name was found in WordNet, for the user to check the sense chosen.
 *
 * @param name        the class name as given ("Ankle boot")
 * @param classIri    the IRI the class got
 * @param synset      the synset's name ("boot.n.01")
 * @param gloss       WordNet's definition of that synset
 * @param viaHeadWord true if the whole name is not in WordNet and its last word was used, so
 *                    the class is a subclass of the synset rather than the synset itself
 */
public record WordNetMatch(String name, String classIri, String synset, String gloss, boolean viaHeadWord) {

    @Override
    public String toString() {
        return name + " -> wn:" + synset + (viaHeadWord ? " (a kind of)" : "") + ": " + gloss;
    }
}
