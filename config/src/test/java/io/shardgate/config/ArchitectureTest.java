package io.shardgate.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The config is the bottom layer: it knows neither Netty nor the router nor the proxy. */
@AnalyzeClasses(packages = "io.shardgate.config", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Config is one package today, so this checks nothing yet; it will once config grows subpackages. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.shardgate.config.(*)..").should().beFreeOfCycles()
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule bottomLayer = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.netty..", "io.shardgate.proxy..", "io.shardgate.router..");
}
