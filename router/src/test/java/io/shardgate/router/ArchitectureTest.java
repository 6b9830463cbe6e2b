package io.shardgate.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The router turns SQL into plans and merges rows: no I/O, so it must not reach Netty or the proxy. */
@AnalyzeClasses(packages = "io.shardgate.router", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noNettyNorProxy = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.netty..", "io.shardgate.proxy..");
}
