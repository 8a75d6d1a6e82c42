package dev.kenning.kg;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.shared.AddDeniedException;
import org.apache.jena.shared.DeleteDeniedException;
import org.apache.jena.util.iterator.ExtendedIterator;
import org.apache.jena.util.iterator.NullIterator;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Several graphs of a dataset read as one, each statement once: what queries, rules and
 * validation see. Written here because Jena 5.6's {@code GraphUnionRead} fails when an
 * iterator is closed before its first element, which the rule reasoners do.
 */
final class UnionView extends GraphBase {

    private final List<Graph> graphs;

    UnionView(List<Graph> graphs) {
        this.graphs = List.copyOf(graphs);
    }

    @Override
    protected ExtendedIterator<Triple> graphBaseFind(Triple pattern) {
        if (graphs.isEmpty()) {
            return NullIterator.instance();
        }
        if (graphs.size() == 1) {
            return graphs.get(0).find(pattern);
        }
        ExtendedIterator<Triple> all = NullIterator.instance();
        for (Graph graph : graphs) {
            all = all.andThen(graph.find(pattern));
        }
        Set<Triple> seen = new HashSet<>();
        return all.filterKeep(seen::add);
    }

    @Override
    public void performAdd(Triple t) {
        throw new AddDeniedException("the union of a store's graphs is read-only; change one graph", t);
    }

    @Override
    public void performDelete(Triple t) {
        throw new DeleteDeniedException("the union of a store's graphs is read-only; change one graph", t);
    }
}
