package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.QueryType;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses SPARQL a user wrote, turning syntax errors into {@code sparql:line:col} input errors;
 * front ends that read the text from a file replace {@code sparql} with the file name.
 */
public final class SparqlText {

    private static final Pattern ENCOUNTERED_AT = Pattern.compile("at line (\\d+), column (\\d+)");

    private SparqlText() {
    }

    public static Query query(String sparql) {
        try {
            return QueryFactory.create(sparql);
        } catch (QueryParseException e) {
            throw error(e);
        }
    }

    /** A query of the given form; running an ASK through {@code select} is a user error, not a crash. */
    static Query query(String sparql, QueryType expected) {
        Query query = query(sparql);
        if (query.queryType() != expected) {
            throw new InputError("sparql", "expected a " + expected + " query, got " + query.queryType());
        }
        return query;
    }

    public static UpdateRequest update(String sparql) {
        try {
            return UpdateFactory.create(sparql);
        } catch (QueryParseException e) {
            throw error(e);
        }
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s+", " ");
    }

    private static InputError error(QueryParseException e) {
        // Jena positions the exception at the last good token; its message names the bad one.
        Matcher at = ENCOUNTERED_AT.matcher(e.getMessage());
        String where = at.find()
                ? "sparql:" + at.group(1) + ":" + at.group(2)
                : "sparql:" + e.getLine() + ":" + e.getColumn();
        return new InputError(where, oneLine(e.getMessage()), e);
    }
}
