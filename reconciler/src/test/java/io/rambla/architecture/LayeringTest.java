package io.rambla.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, checked: the schema at the bottom, then the pure core (rendering,
 * planning, drift as values), then the adapters that talk to AWS, git and the git host, then the
 * jobs that use them (the sync, pull-request review, drift watching), and on top what starts
 * those jobs (scheduling, HTTP, the command line). No package depends on itself through others.
 */
class LayeringTest {

    private static final String[] SCHEMA = {"io.rambla.schema.."};
    private static final String[] CORE = {"io.rambla.render..", "io.rambla.plan..", "io.rambla.drift"};
    private static final String[] ADAPTERS = {"io.rambla.apply..", "io.rambla.source..", "io.rambla.status..", "io.rambla.githost..",
            "io.rambla.config..", "io.rambla.secret..", "io.rambla.retry..", "io.rambla.supervise..", "io.rambla.notify.."};
    private static final String[] JOBS = {"io.rambla.reconcile..", "io.rambla.review..", "io.rambla.drift.watch..", "io.rambla.run.."};
    private static final String[] STARTERS = {"io.rambla.cluster..", "io.rambla.web..", "io.rambla.cli..", "io.rambla.metrics.."};

    private static final JavaClasses RAMBLA = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rambla");

    @Test
    void everyPackageBelongsToALayer() {
        classes().should().resideInAnyPackage(concat(SCHEMA, CORE, ADAPTERS, JOBS, STARTERS))
                .because("a new package must be given its place in the layering")
                .check(RAMBLA);
    }

    @Test
    void layersOnlyUseTheLayersBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("schema").definedBy(SCHEMA)
                .layer("core").definedBy(CORE)
                .layer("adapters").definedBy(ADAPTERS)
                .layer("jobs").definedBy(JOBS)
                .layer("starters").definedBy(STARTERS)
                .whereLayer("starters").mayNotBeAccessedByAnyLayer()
                .whereLayer("jobs").mayOnlyBeAccessedByLayers("starters")
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("jobs", "starters")
                .whereLayer("core").mayOnlyBeAccessedByLayers("adapters", "jobs", "starters")
                .check(RAMBLA);
    }

    @Test
    void theCoreUsesNothingButTheSchemaJacksonAndTheJdk() {
        classes().that().resideInAnyPackage(CORE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(SCHEMA, CORE, new String[] {"java..", "com.fasterxml.jackson.."}))
                .check(RAMBLA);
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("io.rambla.(**)").should().beFreeOfCycles().check(RAMBLA);
    }

    private static String[] concat(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
