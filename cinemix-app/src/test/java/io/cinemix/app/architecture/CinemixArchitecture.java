package io.cinemix.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The hexagon's rules, written against a root package so that the same rule checks Cinemix ({@code io.cinemix}) and
 * a tree of deliberately bad fixture classes (to prove each rule can fail). None allows an empty "should".
 */
final class CinemixArchitecture {
    private CinemixArchitecture() {
    }

    /** The domain is the language: the JDK and nothing else. */
    static ArchRule domainDependsOnlyOnTheJdk(String root) {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".domain..")
                .because("the domain must be usable by any JVM project with nothing but the JDK");
    }

    /** The core sees the domain and the JDK only: no framework, no technology, no adapter. */
    static ArchRule coreDependsOnlyOnTheDomainAndTheJdk(String root) {
        return classes().that().resideInAPackage(root + ".core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".domain..", root + ".core..")
                .because("the use case and its ports are framework-free");
    }

    /** The port package is the ports and their values: nothing in it needs the use case behind them. */
    static ArchRule portsNeedOnlyTheirValuesAndTheDomain(String root) {
        return classes().that().resideInAPackage(root + ".core.port..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".domain..",
                        root + ".core.port..")
                .because("adapters implement the ports without seeing the use case");
    }

    /** Each adapter is one technology behind the ports; adapters never reach into each other. */
    static ArchRule adaptersDoNotDependOnEachOther(String root) {
        return slices().matching(root + ".adapter.(*)..").should().notDependOnEachOther()
                .because("adapters meet only through the ports");
    }

    /** Only the app wires things together; nothing depends on it. */
    static ArchRule nothingDependsOnTheApp(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".app..")
                .should().dependOnClassesThat().resideInAPackage(root + ".app..")
                .because("the app is the outermost ring");
    }

    /** Micronaut is the HTTP adapter's and the app's business only. */
    static ArchRule micronautOnlyInTheHttpAdapterAndTheApp(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".adapter.http..", root + ".app..")
                .should().dependOnClassesThat().resideInAPackage("io.micronaut..")
                .because("the core and the other adapters are reused without Micronaut");
    }

    /** Lettuce is the Redis adapter's business only (and the app's, for one interface: see the next rule). */
    static ArchRule lettuceOnlyInTheRedisAdapter(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".adapter.redis..", root + ".app..")
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .because("only the Redis adapter knows the Redis client");
    }

    /** The app hands the Redis adapter a Lettuce {@code Tracing} (OpenTelemetry's, traces on) and knows no more. */
    static ArchRule appKnowsOnlyLettucesTracing(String root) {
        return noClasses().that().resideInAPackage(root + ".app..")
                .should().dependOnClassesThat(resideInAPackage("io.lettuce..")
                        .and(not(name("io.lettuce.core.tracing.Tracing"))))
                .because("only the Redis adapter knows the Redis client");
    }

    /** OpenTelemetry is the app's business only: the core and the adapters know nothing of traces. */
    static ArchRule openTelemetryOnlyInTheApp(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".app..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry..", "io.micronaut.tracing..")
                .because("traces are wired around the core's ports and the adapters' clients by the app");
    }

    /** Test helpers are for tests: main code never uses them. */
    static ArchRule noMainCodeUsesTestSupport(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".testsupport..")
                .should().dependOnClassesThat().resideInAPackage(root + ".testsupport..")
                .because("cinemix-test-support is a test-scope dependency only");
    }

    /** No two packages need each other. */
    static ArchRule packagesAreFreeOfCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    static List<ArchRule> all(String root) {
        return List.of(domainDependsOnlyOnTheJdk(root), coreDependsOnlyOnTheDomainAndTheJdk(root),
                portsNeedOnlyTheirValuesAndTheDomain(root),
                adaptersDoNotDependOnEachOther(root), nothingDependsOnTheApp(root),
                micronautOnlyInTheHttpAdapterAndTheApp(root), lettuceOnlyInTheRedisAdapter(root),
                appKnowsOnlyLettucesTracing(root), openTelemetryOnlyInTheApp(root),
                noMainCodeUsesTestSupport(root), packagesAreFreeOfCycles(root));
    }

    /** Production classes only: neither test classes, nor the modules' test-jars of fakes, nor cinemix-test-support. */
    static final ImportOption PRODUCTION_ONLY = location ->
            ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                    && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"))
                    && !location.matches(java.util.regex.Pattern.compile(".*/cinemix-test-support[/-].*"));
}
