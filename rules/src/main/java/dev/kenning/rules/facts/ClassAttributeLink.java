package dev.kenning.rules.facts;

/**
 * A fact linking a class to an attribute: {@link HasAttribute}, {@link MayHaveAttribute},
 * {@link LacksAttribute}, {@link AttributeDegree}. {@link ClassFacts} follows these links, with
 * the subclass links, from the scored classes to the classes and attributes that bear on them.
 */
interface ClassAttributeLink {

    String classIri();

    String attributeIri();
}
