/**
 * The notebooks' Java kernel: Jupyter's messaging from {@code jjava-jupyter}, cells evaluated by
 * JShell in the kernel's own JVM (so a cell's objects, images included, reach the display), and
 * {@link dev.kenning.notebook.Notebook}, the few calls a notebook uses besides the workbench façade.
 * {@link dev.kenning.notebook.KernelSpec} writes the kernel.json that lets Jupyter start it.
 */
package dev.kenning.notebook;
