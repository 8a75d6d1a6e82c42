package dev.kenning.export;

import dev.kenning.core.InputError;
import dev.kenning.core.Sha256;
import dev.kenning.core.run.RunConstraints;

import java.nio.file.Files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An ontology or rule file a run used, with the SHA-256 it had then. */
public record KnowledgeFile(String role, Path path, String sha256) {

    /**
     * Refuses a file that is gone or no longer has the SHA-256 the run recorded: a bundle would
     * otherwise carry knowledge its model was not trained with.
     */
    public void requireUnchanged() {
        if (!Files.isRegularFile(path)) {
            throw new InputError(path.toString(), "the run's " + role + " file is gone; cannot copy it into the bundle");
        }
        String now = Sha256.of(path);
        if (!now.equals(sha256)) {
            throw new InputError(path.toString(), "changed since the run (SHA-256 " + sha256.substring(0, 12)
                    + "… then, " + now.substring(0, 12) + "… now); the bundle would carry knowledge the model was not trained with");
        }
    }

    /**
     * The files a run's constraints.json says its derivation read: ontologies, the knowledge the run
     * made (kept in its folder), then rule packs.
     */
    public static List<KnowledgeFile> of(RunConstraints constraints) {
        List<KnowledgeFile> out = new ArrayList<>();
        constraints.ontologies().forEach((file, sha256) -> out.add(new KnowledgeFile("ontology", Path.of(file), sha256)));
        constraints.generated().forEach((file, sha256) -> out.add(new KnowledgeFile("generated", file, sha256)));
        constraints.rules().forEach((file, sha256) -> out.add(new KnowledgeFile("rules", Path.of(file), sha256)));
        return List.copyOf(out);
    }
}
