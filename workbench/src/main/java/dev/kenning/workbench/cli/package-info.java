/** The {@code kenning} command line: thin argument parsing over {@link dev.kenning.workbench.Workbench}. */
package dev.kenning.workbench.cli;
