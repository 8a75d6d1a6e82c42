package dev.kenning.kg;

import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.RDFNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SELECT results as plain strings, the same for a local store and a remote endpoint. */
final class QueryRows {

    private QueryRows() {
    }

    static List<Map<String, String>> of(ResultSet results) {
        List<Map<String, String>> rows = new ArrayList<>();
        while (results.hasNext()) {
            rows.add(asStrings(results.next()));
        }
        return rows;
    }

    private static Map<String, String> asStrings(QuerySolution row) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<String> names = row.varNames(); names.hasNext(); ) {
            String name = names.next();
            RDFNode node = row.get(name);
            if (node.isLiteral()) {
                values.put(name, node.asLiteral().getLexicalForm());
            } else if (node.isURIResource()) {
                values.put(name, node.asResource().getURI());
            } else {
                values.put(name, node.toString());
            }
        }
        return values;
    }
}
