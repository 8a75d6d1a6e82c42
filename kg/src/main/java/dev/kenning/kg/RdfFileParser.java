package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.RiotParseException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDF;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses a user's RDF file into a stream, turning the first error into an {@link InputError}
 * at {@code file:line:col}. Jena would otherwise log the error and then throw it: the user
 * sees it once, as the InputError. Warnings are logged.
 */
final class RdfFileParser {

    private static final Logger LOG = LoggerFactory.getLogger(RdfFileParser.class);

    private RdfFileParser() {
    }

    static void parse(Path file, StreamRDF sink) {
        if (!Files.isRegularFile(file)) {
            throw new InputError(file.toString(), "file not found");
        }
        RdfSyntax syntax = RdfSyntax.of(file);
        try {
            RDFParser.source(file).lang(syntax.lang()).errorHandler(new FailOnError(file)).parse(sink);
        } catch (RiotParseException e) {
            throw new InputError(file + ":" + e.getLine() + ":" + e.getCol(),
                    SparqlText.oneLine(e.getOriginalMessage()), e);
        } catch (RiotException e) {
            // Some parsers (JSON-LD) report errors without a position.
            throw new InputError(file.toString(), SparqlText.oneLine(e.getMessage()), e);
        }
    }

    private static final class FailOnError implements ErrorHandler {
        private final Path file;

        FailOnError(Path file) {
            this.file = file;
        }

        @Override
        public void warning(String message, long line, long col) {
            LOG.warn("{}:{}:{}: {}", file, line, col, message);
        }

        @Override
        public void error(String message, long line, long col) {
            throw new RiotParseException(message, line, col);
        }

        @Override
        public void fatal(String message, long line, long col) {
            throw new RiotParseException(message, line, col);
        }
    }
}
