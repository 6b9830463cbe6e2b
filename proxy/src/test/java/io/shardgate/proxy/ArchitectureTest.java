package io.shardgate.proxy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.shardgate.proxy.session.Session;

/**
 * The proxy's layering, kept by the build: every package (subpackages count on their own, so
 * {@code execute} and {@code execute.scatter} may not need each other) is free of cycles, and the layers
 * below the execution engine (the backend client and the pools) know nothing of it, and the session's
 * transaction state has one writer.
 */
@AnalyzeClasses(packages = "io.shardgate.proxy", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.shardgate.proxy.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule poolAndBackendBelowExecute = noClasses().that()
            .resideInAnyPackage("io.shardgate.proxy.pool..", "io.shardgate.proxy.backend..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardgate.proxy.execute..");

    /** The transaction coordinator alone writes the session's transaction flags. */
    @ArchTest
    static final ArchRule oneOwnerOfTransactionState = noClasses().that()
            .resideOutsideOfPackages("io.shardgate.proxy.binding..", "io.shardgate.proxy.session..")
            .should().callMethod(Session.class, "observeStatus", int.class)
            .orShould().callMethod(Session.class, "autocommit", boolean.class);

    @ArchTest
    static final ArchRule protocolIsTheBottom = noClasses().that().resideInAPackage("io.shardgate.proxy.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardgate.proxy.backend..",
                    "io.shardgate.proxy.pool..", "io.shardgate.proxy.execute..", "io.shardgate.proxy.session..",
                    "io.shardgate.proxy.frontend..", "io.shardgate.proxy.server..");
}
