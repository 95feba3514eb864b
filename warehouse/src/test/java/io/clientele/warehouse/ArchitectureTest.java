package io.clientele.warehouse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Arrays;
import java.util.List;

/**
 * The warehouse's packages in layers, every dependency pointing down: the engines, then the
 * table catalog (the manifests beside the SQL), then the layout of the warehouse directory, then the steps of a night in the order the data flows
 * through them (and the erasure, which works on what they published), then the pipeline, which
 * alone knows every step. Each package says the same in its package-info.
 */
@AnalyzeClasses(packages = "io.clientele.warehouse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Bottom to top: a package may use the packages before it, never one after it. */
    static final List<String> LAYERS = List.of(
            "engine",
            "catalog",
            "layout",
            "stage",
            "star",
            "predict",
            "marts",
            "publish",
            "checks",
            "erasure",
            "pipeline");

    @ArchTest
    static final ArchRule dependencies_point_down = layers();

    @ArchTest
    static final ArchRule no_cycles_between_packages =
            slices().matching("io.clientele.warehouse.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule no_spring_in_the_warehouse = noClasses()
            .that()
            .resideInAPackage("io.clientele.warehouse..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.springframework..")
            .because("the warehouse runs without Spring (spark-submit, tests, the jobs module's steps alike)");

    private static ArchRule layers() {
        LayeredArchitecture architecture = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (String layer : LAYERS) {
            architecture = architecture.layer(layer).definedBy("io.clientele.warehouse." + layer + "..");
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).toArray(String[]::new);
            architecture = above.length == 0
                    ? architecture.whereLayer(LAYERS.get(i)).mayNotBeAccessedByAnyLayer()
                    : architecture.whereLayer(LAYERS.get(i)).mayOnlyBeAccessedByLayers(above);
        }
        return architecture.because("dependencies point down: " + String.join(" → ", reversed(LAYERS)));
    }

    private static List<String> reversed(List<String> layers) {
        String[] r = layers.toArray(String[]::new);
        java.util.Collections.reverse(Arrays.asList(r));
        return List.of(r);
    }
}
