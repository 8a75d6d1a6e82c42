package dev.kenning.kg;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.JsonLdOptions;
import org.apache.jena.riot.lang.LangJSONLD11;
import org.apache.jena.sparql.util.Context;

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
import java.util.IllegalFormatException;

/**
 * Parses a user's RDF file into a stream, turning the first error into an {@link InputError}
 * at {@code file:line:col}. Jena would otherwise log the error and then throw it: the user
 * sees it once, as the InputError. Warnings are logged.
 */
final class RdfFileParser {

    private static final Logger LOG = LoggerFactory.getLogger(RdfFileParser.class);

    /**
     * JSON-LD would fetch each {@code @context} it names, from the network or the disk (a file:
     * IRI): importing a file must read that file and nothing else. A context to use goes inline.
     */
    private static final Context NO_REMOTE_CONTEXTS = new Context();

    static {
        JsonLdOptions options = new JsonLdOptions((url, loaderOptions) -> {
            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "the file names the JSON-LD context <"
                    + url + ">; Kenning reads only the file it imports and fetches no context, from the network or the"
                    + " disk: put the context inline (\"@context\": { ... })");
        });
        NO_REMOTE_CONTEXTS.set(LangJSONLD11.JSONLD_OPTIONS, options);
    }

    private RdfFileParser() {
    }

    static void parse(Path file, StreamRDF sink) {
        if (!Files.isRegularFile(file)) {
            throw new InputError(file.toString(), "file not found");
        }
        OwlSyntax owl = OwlSyntax.of(file);
        if (owl != null) {
            // judged by content: OWL/XML named .owl would fail in the RDF/XML parser as "non-namespaced attribute not allowed"
            owl.parse(file, sink);
            return;
        }
        RdfSyntax syntax = RdfSyntax.of(file);
        try {
            RDFParser.source(file).lang(syntax.lang()).errorHandler(new FailOnError(file)).context(NO_REMOTE_CONTEXTS)
                    .parse(sink);
        } catch (RiotParseException e) {
            throw new InputError(file + ":" + e.getLine() + ":" + e.getCol(),
                    SparqlText.oneLine(e.getOriginalMessage()), e);
        } catch (RiotException e) {
            // Some parsers (JSON-LD) report errors without a position.
            throw new InputError(file.toString(), SparqlText.oneLine(e.getMessage()), e);
        } catch (IllegalFormatException e) {
            // Jena's Turtle tokenizer, reporting a prefixed name whose % or \ escape the file's end cuts
            // off, formats the end-of-file marker as a character and fails in its own message (found by fuzzing)
            throw new InputError(file.toString(), "not valid " + syntax.lang().getLabel() + ": a prefixed name ends in an unfinished"
                    + " escape (% and two hex digits, or \\ and a character) where the file ends", e);
        } catch (ArrayIndexOutOfBoundsException e) {
            if (!thrownBy(e, "org.apache.jena.atlas.io.PeekReader")) {
                throw e;
            }
            // Jena's tokenizer reads a word's trailing dots and steps back over them one by one, into
            // a buffer of 10 characters: more dots after a word overflow it (found by fuzzing; after
            // many such errors the JIT throws it without a stack trace, found by fuzzing longer)
            throw new InputError(file.toString(), "not valid " + syntax.lang().getLabel() + ": a word (a name, keyword or"
                    + " directive) is followed by more than 10 dots in a row; a name cannot end in '.'", e);
        }
    }

    /** Whether {@code className} threw {@code e}, or the JIT dropped the trace that would say (a hot exception). */
    private static boolean thrownBy(Throwable e, String className) {
        StackTraceElement[] frames = e.getStackTrace();
        return frames.length == 0 || frames[0].getClassName().equals(className);
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
