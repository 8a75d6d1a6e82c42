package dev.kenning.gui;

import dev.kenning.workbench.ImageTask;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.spec.AdditionSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new workspace's specs load and derive as they are: every path in them resolves inside the workspace. */
class StarterSpecsTest {
    @Test
    void everyStarterSpecLoadsAndTheImageTasksKnowTheDatasetsTenClasses(@TempDir Path dir) {
        Workspace ws = Workspace.openOrCreate(dir.resolve("ws"));
        List<String> names = ws.specs().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("fewshot-fashion.yaml", "free-fall-small.yaml", "mnist-addition.yaml", "semisup-fashion.yaml",
                "zeroshot-fashion.yaml"), names);
        for (Path p : ws.specs()) {
            SpecFile spec = SpecFile.load(p);
            assertTrue(spec.knowledgeSources().ontologies().stream().allMatch(o -> o.startsWith(ws.experiments())),
                    p + " reads its knowledge from the workspace: " + spec.knowledgeSources().ontologies());
            if (spec instanceof AdditionSpec addition) {
                assertEquals(ws.root().resolve("data/digits"), addition.data(), "the workspace keeps its digits in data/digits");
                var derived = Workbench.create(WorkbenchConfig.notRecording()).derive(addition);
                assertEquals(4, derived.constraints().stream().filter(c -> c.kind().equals("formula")).count(), p.toString());
            }
            if (spec instanceof ImageTaskSpec task) {
                var derived = Workbench.create(WorkbenchConfig.notRecording()).derive(task);
                assertEquals(10, ImageTask.classNames(derived).size(), p.toString());
                ImageTask.heldOutLabels(task, ImageTask.classKnowledge(task, derived), derived);
            }
        }
    }
}
