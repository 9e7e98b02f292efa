package io.cinemix.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each rule, applied to the fixture tree (a miniature Cinemix with one deliberate violation per rule), fails and names
 * the offending class: a rule that cannot fail would prove nothing.
 */
class ArchitectureRulesFailOnBadClassesTest {
    private static final String FIXTURE = "io.cinemix.app.architecture.fixture";
    private static JavaClasses fixture;

    @BeforeAll
    static void importFixture() {
        fixture = new ClassFileImporter().importPackages(FIXTURE);
    }

    private static void assertFailsNaming(ArchRule rule, String offender) {
        assertThatThrownBy(() -> rule.check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(offender);
    }

    @Test
    void domainRuleCatchesADomainClassUsingALibrary() {
        assertFailsNaming(CinemixArchitecture.domainDependsOnlyOnTheJdk(FIXTURE), "DomainRecordUsingJackson");
    }

    @Test
    void coreRuleCatchesTheCoreReachingIntoAnAdapter() {
        assertFailsNaming(CinemixArchitecture.coreDependsOnlyOnTheDomainAndTheJdk(FIXTURE), "ServiceUsingOmdbAdapter");
    }

    @Test
    void portRuleCatchesAPortNeedingTheUseCase() {
        assertFailsNaming(CinemixArchitecture.portsNeedOnlyTheirValuesAndTheDomain(FIXTURE), "PortUsingTheService");
    }

    @Test
    void adapterRuleCatchesAnAdapterUsingAnotherAdapter() {
        assertFailsNaming(CinemixArchitecture.adaptersDoNotDependOnEachOther(FIXTURE), "OmdbCatalogUsingRedisCache");
    }

    @Test
    void appRuleCatchesAnAdapterUsingTheApp() {
        assertFailsNaming(CinemixArchitecture.nothingDependsOnTheApp(FIXTURE), "HttpControllerUsingAppWiring");
    }

    @Test
    void micronautRuleCatchesMicronautInTheRedisAdapter() {
        assertFailsNaming(CinemixArchitecture.micronautOnlyInTheHttpAdapterAndTheApp(FIXTURE),
                "RedisCacheAnnotatedForMicronaut");
    }

    @Test
    void lettuceRuleCatchesLettuceOutsideTheRedisAdapter() {
        assertFailsNaming(CinemixArchitecture.lettuceOnlyInTheRedisAdapter(FIXTURE), "OmdbCatalogUsingLettuce");
    }

    @Test
    void lettuceTracingRuleCatchesTheAppUsingTheRedisClient() {
        assertFailsNaming(CinemixArchitecture.appKnowsOnlyLettucesTracing(FIXTURE), "WiringUsingLettuceClient");
    }

    @Test
    void lettuceTracingRuleLetsTheAppHandOverATracing() {
        JavaClasses wiring = new ClassFileImporter().importClasses(
                io.cinemix.app.architecture.fixture.app.WiringHandingOverTracing.class);
        CinemixArchitecture.appKnowsOnlyLettucesTracing(FIXTURE).check(wiring);
    }

    @Test
    void openTelemetryRuleCatchesTheCoreMakingASpan() {
        assertFailsNaming(CinemixArchitecture.openTelemetryOnlyInTheApp(FIXTURE), "ServiceMakingASpan");
    }

    @Test
    void testSupportRuleCatchesMainCodeUsingATestHelper() {
        assertFailsNaming(CinemixArchitecture.noMainCodeUsesTestSupport(FIXTURE), "WiringUsingTestHelper");
    }

    @Test
    void cycleRuleCatchesTwoPackagesNeedingEachOther() {
        assertFailsNaming(CinemixArchitecture.packagesAreFreeOfCycles(FIXTURE), "cycle.a.Chicken");
    }

    @Test
    void rulesRefuseToPassOnAnEmptySelection() {
        JavaClasses nothing = new ClassFileImporter().importPackages("io.cinemix.app.architecture.nowhere");
        for (ArchRule rule : CinemixArchitecture.all(FIXTURE)) {
            assertThatThrownBy(() -> rule.check(nothing)).as(rule.getDescription())
                    .isInstanceOf(AssertionError.class);
        }
    }
}
