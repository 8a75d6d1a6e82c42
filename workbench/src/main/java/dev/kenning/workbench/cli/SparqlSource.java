package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * SPARQL given on the command line, either as text or as a file holding it. Errors in a file
 * name the file, {@code queries/shoes.rq:3:14}, instead of the parser's {@code sparql:3:14}.
 */
record SparqlSource(String text, Path file) {

    static SparqlSource of(List<String> positional, String command) {
        if (positional.size() != 1) {
            throw new InputError(command, "needs one SPARQL text or file (quote the text)");
        }
        String arg = positional.get(0);
        Path file = Path.of(arg.length() < 256 && !arg.contains("\n") ? arg : ".");
        if (Files.isRegularFile(file)) {
            try {
                return new SparqlSource(Files.readString(file), file);
            } catch (IOException e) {
                throw new InputError(file.toString(), "cannot read: " + e.getMessage(), e);
            }
        }
        return new SparqlSource(arg, null);
    }

    String name() {
        return file == null ? "sparql" : file.toString();
    }

    /** Runs a step, renaming {@code sparql:line:col} in its error to the file's name. */
    <T> T locate(Supplier<T> step) {
        try {
            return step.get();
        } catch (InputError e) {
            if (file == null || !e.where().startsWith("sparql")) {
                throw e;
            }
            throw new InputError(file + e.where().substring("sparql".length()), e.detail(), e);
        }
    }
}
