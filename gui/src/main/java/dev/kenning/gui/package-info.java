/**
 * The desktop workbench (JavaFX): a workspace folder, views for knowledge, rules, experiments
 * and results, and export, all over the {@link dev.kenning.workbench.Workbench} façade and the
 * kg/rules/export modules' public types. Nothing here trains, derives or scores by itself;
 * slow calls run on background threads and come back to the JavaFX thread with their result.
 */
package dev.kenning.gui;
