package dev.kenning.workbench;

import dev.kenning.kg.ClassNames;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.rules.RuleBook;
import dev.kenning.rules.facts.GraphFacts;
import dev.kenning.rules.facts.Observation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Rule packs compiled once ({@link Workbench#compileRules}): the rules each pack holds, and what
 * they derive from a knowledge store rather than from a spec's files, as {@code kenning rules
 * check} shows them.
 */
public final class CompiledRules {
    private final List<Path> packs;
    private final RuleBook book;

    CompiledRules(List<Path> packs) {
        this.packs = List.copyOf(packs);
        this.book = RuleBook.compile(packs);
    }

    /** The names of the rules in each pack, packs in the order given, names sorted. */
    public Map<Path, List<String>> rulesByPack() {
        return book.rulesByFile();
    }

    /**
     * What the packs derive from a knowledge store, and the observations in it whose scene states no
     * frame rate of its own: {@code frameRate}, the camera's (a run's {@code data.fps}), is theirs,
     * and with none they derive no law that needs one.
     */
    public record FromStore(DerivedKnowledge derived, List<String> withoutFrameRate) {
        public FromStore {
            withoutFrameRate = List.copyOf(withoutFrameRate);
        }
    }

    /**
     * What the packs derive from the workspace, or from a SPARQL endpoint when {@code endpoint} is
     * not null; observations with no frame rate of their own take {@code frameRate} (null: none).
     */
    public FromStore deriveFromStore(Path workspace, String endpoint, Double frameRate) {
        try (KnowledgeBase kb = endpoint != null ? KnowledgeBase.remote(endpoint) : KnowledgeBase.openWorkspace(workspace)) {
            List<Object> facts = GraphFacts.extract(kb, frameRate);
            // with a frame rate given every observation has one
            List<String> without = facts.stream()
                    .filter(f -> f instanceof Observation o && o.frameRate() == null)
                    // named as the provenance names it (ex:walker where the graph has a prefix for it)
                    .map(f -> ((Observation) f).triples().get(0).subject()).sorted().toList();
            DerivedKnowledge derived = new DerivedKnowledge(Workbench.deriveFrom(facts, kb, book), Map.of(),
                    Workbench.hashes(packs), kb.size(), endpoint, List.of(), List.of(),
                    ClassNames.ofOutputs(kb), Map.of(), "");
            return new FromStore(derived, without);
        }
    }
}
