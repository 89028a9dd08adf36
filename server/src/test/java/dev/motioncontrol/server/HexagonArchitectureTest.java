package dev.motioncontrol.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The hexagon's second fence, over every module's production classes (Maven's module graph is the first). */
@AnalyzeClasses(packages = "dev.motioncontrol", importOptions = ImportOption.DoNotIncludeTests.class)
class HexagonArchitectureTest {

    @ArchTest
    static final ArchRule domainDependsOnlyOnTheJdk = classes()
            .that().resideInAPackage("dev.motioncontrol.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.motioncontrol.domain..", "java..");

    @ArchTest
    static final ArchRule applicationDependsOnlyOnTheDomainAndTheJdk = classes()
            .that().resideInAPackage("dev.motioncontrol.application..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.motioncontrol.application..", "dev.motioncontrol.domain..", "java..");

    @ArchTest
    static final ArchRule coreKnowsNoFramework = noClasses()
            .that().resideInAnyPackage("dev.motioncontrol.domain..", "dev.motioncontrol.application..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("io.vertx..", "io.netty..", "com.fasterxml.jackson..", "org.mapstruct..", "org.slf4j..");

    @ArchTest
    static final ArchRule theWireModuleKnowsOnlyTheDomainAndItsLibraries = classes()
            .that().resideInAPackage("dev.motioncontrol.freepik.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.motioncontrol.freepik.api..",
                    "dev.motioncontrol.domain..", "java..", "com.fasterxml.jackson..", "org.mapstruct..",
                    "org.apache.commons.text..");

    @ArchTest
    static final ArchRule theLibraryKnowsNoHttpServer = noClasses()
            .that().resideInAPackage("dev.motioncontrol.library..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.motioncontrol.adapters.http..",
                    "dev.motioncontrol.server..", "io.vertx.ext.web..", "ch.qos.logback..");

    @ArchTest
    static final ArchRule adaptersDoNotKnowEachOther = slices()
            .matching("dev.motioncontrol.adapters.(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule adaptersDoNotKnowTheLibraryOrTheServer = noClasses()
            .that().resideInAPackage("dev.motioncontrol.adapters..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.motioncontrol.library..", "dev.motioncontrol.server..");
}
