/**
 * The experiment spec: a YAML file read into immutable records, with every unknown key, wrong
 * type or bad value reported as {@code file:line} and the key's path, before anything runs.
 */
package dev.kenning.workbench.spec;
