package dev.kenning.gui;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of docs/architecture.md, checked on the compiled classes of every module (this
 * module's tests see them all, the notebooks' kernel included): front ends call the workbench
 * façade and core only, and no layer reaches up. Tests are left out, the workbench's test jar (on
 * this module's test classpath for its fixtures) included: its tests call the command line.
 */
@AnalyzeClasses(packages = "dev.kenning", importOptions = {ImportOption.DoNotIncludeTests.class,
        ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
    /** Leaves out the classes of a module's test jar, which {@link ImportOption.DoNotIncludeTests} lets through. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static final String[] FRONT_ENDS = {"dev.kenning.workbench.cli..", "dev.kenning.gui..", "dev.kenning.notebook.."};

    @ArchTest
    static final ArchRule frontEndsCallTheWorkbenchAndCoreOnly = noClasses().that().resideInAnyPackage(FRONT_ENDS)
            .should().dependOnClassesThat().resideInAnyPackage("dev.kenning.kg..", "dev.kenning.rules..",
                    "dev.kenning.constraints..", "dev.kenning.datasets..", "dev.kenning.learner..", "dev.kenning.export..",
                    "dev.kenning.engine..")
            .because("the CLI, the GUI and the notebooks go through the workbench façade (docs/architecture.md)");

    @ArchTest
    static final ArchRule noLayerReachesUp = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("core").definedBy("dev.kenning.core..")
            .layer("engine").definedBy("dev.kenning.engine..")
            .layer("knowledge").definedBy("dev.kenning.kg..")
            .layer("rules").definedBy("dev.kenning.rules..")
            .layer("constraints").definedBy("dev.kenning.constraints..")
            .layer("datasets").definedBy("dev.kenning.datasets..")
            .layer("learner").definedBy("dev.kenning.learner..")
            .layer("export").definedBy("dev.kenning.export..")
            .layer("workbench").definedBy("dev.kenning.workbench", "dev.kenning.workbench.spec..",
                    "dev.kenning.workbench.registry..", "dev.kenning.workbench.sweep..", "dev.kenning.workbench.edit..")
            .layer("bench").definedBy("dev.kenning.bench..")
            .layer("front ends").definedBy(FRONT_ENDS)
            .whereLayer("front ends").mayNotBeAccessedByAnyLayer()
            .whereLayer("bench").mayNotBeAccessedByAnyLayer()
            .whereLayer("workbench").mayOnlyBeAccessedByLayers("front ends", "bench")
            .whereLayer("export").mayOnlyBeAccessedByLayers("workbench", "bench")
            .whereLayer("learner").mayOnlyBeAccessedByLayers("export", "workbench", "bench")
            .whereLayer("rules").mayOnlyBeAccessedByLayers("workbench", "bench")
            .whereLayer("knowledge").mayOnlyBeAccessedByLayers("rules", "workbench", "bench")
            .whereLayer("datasets").mayOnlyBeAccessedByLayers("learner", "export", "workbench", "bench")
            .whereLayer("constraints").mayOnlyBeAccessedByLayers("learner", "export", "workbench", "bench")
            .whereLayer("engine").mayOnlyBeAccessedByLayers("constraints", "learner", "export", "workbench", "bench");

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("dev.kenning.(*)..").should().beFreeOfCycles();
}
