package io.shardgate.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The router turns SQL into plans and merges rows: no I/O, so it must not reach Netty or the proxy, and its
 * packages form no cycle.
 */
@AnalyzeClasses(packages = "io.shardgate.router", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.shardgate.router.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noNettyNorProxy = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.netty..", "io.shardgate.proxy..");
}
