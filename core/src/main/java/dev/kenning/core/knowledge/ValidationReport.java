package dev.kenning.core.knowledge;

import java.util.List;

/** The outcome of validating the graph against SHACL shapes: conforms, or each result found. */
public record ValidationReport(boolean conforms, List<Violation> violations) {

    public ValidationReport {
        violations = List.copyOf(violations);
    }
}
