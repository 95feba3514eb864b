package io.clientele.jobs;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The jobs module's packages in layers, every dependency pointing down: {@code batch} (the job's
 * parameters, counts and steps) and {@code config} at the bottom, then {@code extract}, then
 * {@code nightly}, which builds the night's jobs from the extract steps and the warehouse
 * pipeline and attaches {@code monitoring} (beside {@code extract}, on {@code batch} and
 * {@code config}) to them, then {@code cli} on top. {@code dashboard}, {@code dictionary} and {@code demo} stand apart: only the
 * CLI uses them. Each package says the same in its package-info.
 */
@AnalyzeClasses(packages = "io.clientele.jobs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule dependencies_point_down = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("batch")
            .definedBy("io.clientele.jobs.batch..")
            .layer("config")
            .definedBy("io.clientele.jobs.config..")
            .layer("extract")
            .definedBy("io.clientele.jobs.extract..")
            .layer("monitoring")
            .definedBy("io.clientele.jobs.monitoring..")
            .layer("nightly")
            .definedBy("io.clientele.jobs.nightly..")
            .layer("dashboard")
            .definedBy("io.clientele.jobs.dashboard..")
            .layer("dictionary")
            .definedBy("io.clientele.jobs.dictionary..")
            .layer("application")
            .definedBy("io.clientele.jobs")
            .layer("cli")
            .definedBy("io.clientele.jobs.cli..")
            .whereLayer("batch")
            .mayOnlyBeAccessedByLayers("extract", "monitoring", "nightly", "cli")
            .whereLayer("config")
            .mayOnlyBeAccessedByLayers("extract", "monitoring", "nightly", "cli")
            .whereLayer("monitoring")
            .mayOnlyBeAccessedByLayers("nightly", "cli")
            .whereLayer("extract")
            .mayOnlyBeAccessedByLayers("nightly", "cli")
            .whereLayer("nightly")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("dashboard")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("dictionary")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("application")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("cli")
            .mayNotBeAccessedByAnyLayer()
            .because("dependencies point down: cli → nightly → extract → config, batch");

    @ArchTest
    static final ArchRule no_cycles_between_packages =
            slices().matching("io.clientele.jobs.(*)..").should().beFreeOfCycles();
}
