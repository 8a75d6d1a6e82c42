package dev.kenning.sweeps;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Where the sweeps module sits (docs/architecture.md): above the workbench, which reaches it only
 * through its {@code SweepEngine} interface, found at run time. Checked here because only this
 * module's tests see both it and every module below it; the GUI's ArchitectureTest checks the rest.
 */
@AnalyzeClasses(packages = "dev.kenning", importOptions = {ImportOption.DoNotIncludeTests.class,
        SweepsLayerTest.DoNotIncludeTestJars.class})
class SweepsLayerTest {
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule nothingBelowDependsOnTheSparkEngine = noClasses().that().resideOutsideOfPackage("dev.kenning.sweeps..")
            .should().dependOnClassesThat().resideInAPackage("dev.kenning.sweeps..")
            .because("the workbench and the front ends find the engine through SweepEngine (ServiceLoader)");

    @ArchTest
    static final ArchRule theEngineUsesTheWorkbenchAndCoreOnly = noClasses().that().resideInAPackage("dev.kenning.sweeps..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kenning.kg..", "dev.kenning.rules..",
                    "dev.kenning.constraints..", "dev.kenning.datasets..", "dev.kenning.learner..", "dev.kenning.export..",
                    "dev.kenning.engine..", "dev.kenning.notebook..", "dev.kenning.gui..", "dev.kenning.bench..")
            .because("a sweep's task is one run through the workbench, as kenning run is");

    @ArchTest
    static final ArchRule noWorkbenchClassTouchesSpark = noClasses().that().resideOutsideOfPackage("dev.kenning.sweeps..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.spark..")
            .because("Spark stays in its own module");
}
