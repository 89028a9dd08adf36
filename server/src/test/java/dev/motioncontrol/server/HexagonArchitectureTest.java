package dev.motioncontrol.server;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;

/** The hexagon's second fence, over every module's production classes (Maven's module graph is the first). */
@AnalyzeClasses(packages = "dev.motioncontrol", importOptions = ImportOption.DoNotIncludeTests.class)
class HexagonArchitectureTest {

    /**
     * The packages that the JDK's own modules ({@code java.base}, {@code java.net.http}, ...) export to everyone,
     * as this runtime has them: {@code javax.crypto} is as much the JDK as {@code java.util}, and {@code jdk.*}
     * modules and internal packages are not part of it.
     */
    private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
            .filter(module -> module.getName().startsWith("java."))
            .flatMap(module -> module.getDescriptor().exports().stream())
            .filter(export -> !export.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toUnmodifiableSet());

    private static final DescribedPredicate<JavaClass> THE_JDK = DescribedPredicate.describe("are in the JDK",
            javaClass -> javaClass.getBaseComponentType().isPrimitive()
                    || JDK_PACKAGES.contains(javaClass.getBaseComponentType().getPackageName()));

    /**
     * The JDK and one library: Guava's {@code com.google.common.net}, which parses IP address literals strictly and
     * without DNS for {@code HttpUrl} and {@code UrlAccessPolicy}. Nothing else of Guava, and nothing else at all.
     */
    @ArchTest
    static final ArchRule domainDependsOnlyOnTheJdkAndGuavasIpAddresses = classes()
            .that().resideInAPackage("dev.motioncontrol.domain..")
            .should().onlyDependOnClassesThat(THE_JDK
                    .or(resideInAnyPackage("dev.motioncontrol.domain..", "com.google.common.net"))
                    .as("are in the JDK, the domain or com.google.common.net"));

    @ArchTest
    static final ArchRule applicationDependsOnlyOnTheDomainAndTheJdk = classes()
            .that().resideInAPackage("dev.motioncontrol.application..")
            .should().onlyDependOnClassesThat(THE_JDK
                    .or(resideInAnyPackage("dev.motioncontrol.application..", "dev.motioncontrol.domain.."))
                    .as("are in the JDK, the application or the domain"));

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

    @ArchTest
    static final ArchRule noVertxInternalApi = noClasses()
            .that().resideInAPackage("dev.motioncontrol..")
            .should().dependOnClassesThat().resideInAPackage("io.vertx.core.internal..");
}
