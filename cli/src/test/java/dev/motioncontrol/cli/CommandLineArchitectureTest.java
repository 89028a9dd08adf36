package dev.motioncontrol.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The command line is a client: of a service over HTTP, or of the library. It knows neither the server nor the
 * service's HTTP adapter (the tests start them; the jar holds neither), nor Vert.x, which only the library runs.
 */
@AnalyzeClasses(packages = "dev.motioncontrol.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandLineArchitectureTest {

    @ArchTest
    static final ArchRule theCommandLineIsAClientOnly = noClasses()
            .that().resideInAPackage("dev.motioncontrol.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.motioncontrol.server..",
                    "dev.motioncontrol.adapters.http..", "io.vertx..");
}
