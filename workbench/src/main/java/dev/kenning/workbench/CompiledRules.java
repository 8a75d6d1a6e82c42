package dev.kenning.workbench;

import dev.kenning.kg.KnowledgeBase;
import dev.kenning.rules.RuleBook;

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

    /** What the packs derive from the workspace, or from a SPARQL endpoint when {@code endpoint} is not null. */
    public DerivedKnowledge deriveFromStore(Path workspace, String endpoint) {
        try (KnowledgeBase kb = endpoint != null ? KnowledgeBase.remote(endpoint) : KnowledgeBase.openWorkspace(workspace)) {
            return new DerivedKnowledge(Workbench.deriveFrom(kb, book, null), Map.of(), Workbench.hashes(packs), kb.size(),
                    endpoint, List.of());
        }
    }
}
