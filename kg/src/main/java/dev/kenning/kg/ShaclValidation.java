package dev.kenning.kg;

import dev.kenning.core.knowledge.ValidationReport;
import dev.kenning.core.knowledge.Violation;
import dev.kenning.core.InputError;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.shacl.ShaclException;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.core.Prologue;
import org.apache.jena.sparql.path.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs SHACL shapes from a file over a graph and turns Jena's report into {@link Violation}s. */
final class ShaclValidation {

    private static final Comparator<Violation> READING_ORDER = Comparator
            .comparing(Violation::focusNode).thenComparing(Violation::path).thenComparing(Violation::message);

    private ShaclValidation() {
    }

    /** Parses the shapes file; done before any transaction so a bad file costs the store nothing. */
    static Shapes shapes(java.nio.file.Path file) {
        Graph graph = GraphFactory.createDefaultGraph();
        RdfFileParser.parse(file, StreamRDFLib.graph(graph));
        try {
            return Shapes.parse(graph);
        } catch (ShaclException e) {
            throw new InputError(file.toString(), "not valid SHACL: " + SparqlText.oneLine(e.getMessage()), e);
        }
    }

    /** Violations sorted by focus node, then path, so reports are stable between runs. */
    static ValidationReport validate(Shapes shapes, Graph data, PrefixMapping names) {
        org.apache.jena.shacl.ValidationReport report = ShaclValidator.get().validate(shapes, data);
        List<Violation> found = new ArrayList<>();
        for (ReportEntry entry : report.getEntries()) {
            found.add(new Violation(name(entry.focusNode(), names), path(entry.resultPath(), names),
                    entry.message() == null ? "" : entry.message(),
                    entry.severity() == null ? "Violation" : entry.severity().level().getLocalName(),
                    entry.value() == null ? "" : name(entry.value(), names)));
        }
        found.sort(READING_ORDER);
        return new ValidationReport(report.conforms(), found);
    }

    private static String path(Path path, PrefixMapping names) {
        if (path == null) {
            return "";
        }
        return path.toString(new Prologue(names));
    }

    static String name(Node node, PrefixMapping names) {
        if (node.isURI()) {
            String shortForm = names.shortForm(node.getURI());
            return shortForm.equals(node.getURI()) ? "<" + node.getURI() + ">" : shortForm;
        }
        if (node.isLiteral()) {
            return "\"" + node.getLiteralLexicalForm() + "\"";
        }
        return "_:" + node.getBlankNodeLabel();
    }
}
