package dev.kenning.kg;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Receives a parsed file inside a write transaction. Triples, and quads in the file's default
 * graph, go to the target graph; quads naming a graph go to that graph. Each graph the file
 * writes is emptied first, so importing a file again replaces what it said before.
 */
final class GraphReplacingSink implements StreamRDF {

    private final DatasetGraph dsg;
    private final Node target;
    private final Set<Node> cleared = new HashSet<>();
    private final Map<String, String> prefixes = new LinkedHashMap<>();
    private long statements;

    GraphReplacingSink(DatasetGraph dsg, Node target) {
        this.dsg = dsg;
        this.target = target;
        // Even an empty file replaces its graph.
        clearOnce(target);
    }

    @Override
    public void start() {
    }

    @Override
    public void triple(Triple triple) {
        dsg.add(target, triple.getSubject(), triple.getPredicate(), triple.getObject());
        statements++;
    }

    @Override
    public void quad(Quad quad) {
        Node graph = quad.isDefaultGraph() ? target : quad.getGraph();
        clearOnce(graph);
        dsg.add(graph, quad.getSubject(), quad.getPredicate(), quad.getObject());
        statements++;
    }

    @Override
    public void base(String base) {
    }

    @Override
    public void prefix(String prefix, String iri) {
        prefixes.putIfAbsent(prefix, iri);
    }

    @Override
    public void finish() {
    }

    Map<String, String> prefixes() {
        return prefixes;
    }

    long statements() {
        return statements;
    }

    private void clearOnce(Node graph) {
        if (cleared.add(graph)) {
            dsg.deleteAny(graph, Node.ANY, Node.ANY, Node.ANY);
        }
    }
}
