package dev.kenning.workbench.registry;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;

import java.util.Objects;

/**
 * What ties a recorded run to its sweep: the sweep's IRI (the parent activity), the run's
 * configuration as written ({@code knowledge.semantics=godel}) and the SHA-256 of its resolved
 * spec and input files, by which a resumed sweep finds the runs it need not repeat.
 */
public record SweepMember(String sweep, String configuration, String specHash) {
    public SweepMember {
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(specHash, "specHash");
    }

    void describe(Model m, Resource run) {
        run.addProperty(RunRegistry.prov(m, "wasInformedBy"), m.createResource(sweep))
                .addProperty(RunRegistry.k(m, "configuration"), configuration)
                .addProperty(RunRegistry.k(m, "specHash"), specHash);
    }
}
