package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.apache.jena.reasoner.Reasoner;
import org.apache.jena.reasoner.ReasonerRegistry;

import java.util.Arrays;
import java.util.Locale;

/**
 * The inference regimes offered on demand. RDFS gives class and property hierarchies, domains
 * and ranges; OWL-micro adds the OWL constructs that stay cheap (equivalence, inverse, transitive
 * and symmetric properties, some restrictions), which is what class hierarchies from WordNet and
 * hand-written attribute ontologies use. Full OWL reasoning is out of reach for interactive use.
 */
public enum Entailment {
    RDFS("rdfs"),
    OWL_MICRO("owl-micro");

    private final String cliName;

    Entailment(String cliName) {
        this.cliName = cliName;
    }

    /** The regime a command-line name ("rdfs", "owl-micro") stands for. */
    public static Entailment named(String name) {
        return Arrays.stream(values()).filter(e -> e.cliName.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new InputError(name, "unknown inference regime; expected rdfs or owl-micro"));
    }

    public String cliName() {
        return cliName;
    }

    Reasoner reasoner() {
        return this == RDFS ? ReasonerRegistry.getRDFSReasoner() : ReasonerRegistry.getOWLMicroReasoner();
    }
}
