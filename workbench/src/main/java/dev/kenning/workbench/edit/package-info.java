/**
 * Authoring knowledge without typing Turtle: {@link dev.kenning.workbench.edit.OntologyEditor} makes
 * Protégé's edits on a workspace's knowledge files (Turtle with its comments kept, other RDF syntaxes saved in their own, each edit checked and refused with
 * its reason if it would break the ontology), {@link dev.kenning.workbench.edit.EditHistory} undoes
 * and redoes them byte for byte, and {@link dev.kenning.workbench.edit.ConstraintDiff} says what an
 * edit changes in the derived constraints. Front ends use these; none of it knows JavaFX.
 */
package dev.kenning.workbench.edit;
