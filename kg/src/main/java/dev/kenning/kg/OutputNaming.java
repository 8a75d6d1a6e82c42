package dev.kenning.kg;

import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase1;
import org.apache.jena.sparql.function.FunctionRegistry;

/**
 * The rules that turn a term into its output name, given to SPARQL as functions, so that
 * {@code outputs.rq} names outputs as the rest of Kenning names classes rather than by a copy of
 * the rules in SPARQL (which cannot decode percent-encoding or compose Unicode):
 * {@code <urn:kenning:local-name>(?term)} is {@link ClassNames#localName} (an IRI's local name,
 * percent-encoding decoded), {@code <urn:kenning:output-name>(?text)} is
 * {@link LabelClasses#outputName} (NFC, lower case, other characters' runs one '-').
 */
final class OutputNaming {
    private static final String LOCAL_NAME = "urn:kenning:local-name";
    private static final String OUTPUT_NAME = "urn:kenning:output-name";

    private OutputNaming() {
    }

    /** Registers the functions with Jena, for the queries this JVM runs after it; again, it changes nothing. */
    static void register() {
        FunctionRegistry.get().put(LOCAL_NAME, uri -> new FunctionBase1() {
            @Override
            public NodeValue exec(NodeValue term) {
                if (!term.isIRI()) {
                    throw new ExprEvalException(LOCAL_NAME + ": not an IRI: " + term);
                }
                return NodeValue.makeString(ClassNames.localName(term.asNode().getURI()));
            }
        });
        FunctionRegistry.get().put(OUTPUT_NAME, uri -> new FunctionBase1() {
            @Override
            public NodeValue exec(NodeValue text) {
                return NodeValue.makeString(LabelClasses.outputName(text.getString()));
            }
        });
    }
}
