package io.incidentresponse.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The layers of the product, pinned. From the top: the handlers (functions/*), the composition
 * roots ({@code shared.function}), the pipeline ({@code shared.pipeline}; {@code shared.status} is
 * the poller's), its stages ({@code routing}, {@code tracking}) and the sources' models
 * ({@code guardduty}, {@code alarm}, {@code event}), the adapters ({@code securityir},
 * {@code incidents}, {@code ledger}, {@code status}), and the domain core ({@code shared.signal}).
 * Here, in the toolkit's tests, because this module's test class path holds every other module.
 */
class ArchitectureTest {
    private static final String SHARED = "io.incidentresponse.shared.";
    // Test classes are left out wherever they come from: target/test-classes, or (after `package`)
    // shared's test-jar, which the predefined option does not recognise.
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.matches(TEST_JAR))
            .importPackages("io.incidentresponse");

    @Test
    void theCoreImportsNothingElseOfOurs() {
        classes().that().resideInAPackage(SHARED + "signal..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(SHARED + "signal..", "java..",
                        // the engagement and resolver types a case is opened with
                        "software.amazon.awssdk.services.securityir.model..")
                .check(PRODUCT);
    }

    @Test
    void adaptersDoNotImportThePipelineOrItsStages() {
        noClasses().that().resideInAnyPackage(SHARED + "securityir..", SHARED + "incidents..", SHARED + "ledger..", SHARED + "status..")
                .should().dependOnClassesThat().resideInAnyPackage(SHARED + "pipeline..", SHARED + "tracking..", SHARED + "routing..",
                        SHARED + "guardduty..", SHARED + "alarm..", SHARED + "function..")
                .check(PRODUCT);
    }

    @Test
    void sourcesOnlyTurnEventsIntoSignals() {
        noClasses().that().resideInAnyPackage(SHARED + "guardduty..", SHARED + "alarm..", SHARED + "event..")
                .should().dependOnClassesThat().resideInAnyPackage(SHARED + "pipeline..", SHARED + "tracking..", SHARED + "routing..",
                        SHARED + "securityir..", SHARED + "incidents..", SHARED + "ledger..", SHARED + "status..", SHARED + "function..",
                        SHARED + "clients..")
                .check(PRODUCT);
    }

    @Test
    void theStagesDoNotImportThePipelineOrEachOther() {
        noClasses().that().resideInAnyPackage(SHARED + "routing..", SHARED + "tracking..")
                .should().dependOnClassesThat().resideInAnyPackage(SHARED + "pipeline..", SHARED + "function..")
                .check(PRODUCT);
        noClasses().that().resideInAPackage(SHARED + "routing..").should().dependOnClassesThat().resideInAPackage(SHARED + "tracking..")
                .check(PRODUCT);
        noClasses().that().resideInAPackage(SHARED + "tracking..").should().dependOnClassesThat().resideInAPackage(SHARED + "routing..")
                .check(PRODUCT);
    }

    @Test
    void onlyTheHandlersUseTheCompositionRoots() {
        noClasses().that().resideInAPackage("io.incidentresponse.shared..").and().resideOutsideOfPackage(SHARED + "function..")
                .should().dependOnClassesThat().resideInAPackage(SHARED + "function..")
                .check(PRODUCT);
    }

    @Test
    void handlersCallOnlyThePipelineAndTheCompositionRoot() {
        classes().that().resideInAPackage("io.incidentresponse.functions..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.incidentresponse.functions..",
                        SHARED + "function..", SHARED + "pipeline..", SHARED + "status..",
                        // what the composition root is given: the environment and the client factory
                        SHARED + "config..", SHARED + "clients..",
                        "com.amazonaws.services.lambda.runtime..", "java..")
                .check(PRODUCT);
    }

    @Test
    void noPackageOfSharedImportsOneThatImportsItBack() {
        slices().matching("io.incidentresponse.shared.(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void noPackageOfTheToolkitImportsOneThatImportsItBack() {
        // e.g. replay reads failure records through sqs, never through redrive, which runs on replay
        slices().matching("io.incidentresponse.local.(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void nothingDeployedImportsTheToolkitOrTheBenchmarks() {
        noClasses().that().resideInAnyPackage("io.incidentresponse.shared..", "io.incidentresponse.functions..")
                .should().dependOnClassesThat().resideInAnyPackage("io.incidentresponse.local..", "io.incidentresponse.benchmarks..")
                .check(PRODUCT);
    }
}
