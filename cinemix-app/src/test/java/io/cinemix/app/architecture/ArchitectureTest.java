package io.cinemix.app.architecture;


import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules applied to Cinemix itself: every production class of every module. */
class ArchitectureTest {
    private static JavaClasses cinemix;

    @BeforeAll
    static void importProductionClasses() {
        cinemix = new ClassFileImporter().withImportOption(CinemixArchitecture.PRODUCTION_ONLY)
                .importPackages("io.cinemix");
    }

    @Test
    void seesEveryModule() {
        assertThat(cinemix.stream().map(c -> c.getPackageName()).distinct())
                .contains("io.cinemix.domain", "io.cinemix.domain.ratelimit", "io.cinemix.core", "io.cinemix.core.port", "io.cinemix.adapter.memory",
                        "io.cinemix.adapter.omdb", "io.cinemix.adapter.redis", "io.cinemix.adapter.http",
                        "io.cinemix.app");
        assertThat(cinemix.stream().map(c -> c.getSimpleName()))
                .doesNotContain("FakeTicker", "InMemoryMovieCache", "CountingMovieCatalog", "ArchitectureTest", "LocalRedis");
    }

    @Test
    void domainDependsOnlyOnTheJdk() {
        CinemixArchitecture.domainDependsOnlyOnTheJdk("io.cinemix").check(cinemix);
    }

    @Test
    void coreDependsOnlyOnTheDomainAndTheJdk() {
        CinemixArchitecture.coreDependsOnlyOnTheDomainAndTheJdk("io.cinemix").check(cinemix);
    }

    @Test
    void portsNeedOnlyTheirValuesAndTheDomain() {
        CinemixArchitecture.portsNeedOnlyTheirValuesAndTheDomain("io.cinemix").check(cinemix);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        CinemixArchitecture.adaptersDoNotDependOnEachOther("io.cinemix").check(cinemix);
    }

    @Test
    void nothingDependsOnTheApp() {
        CinemixArchitecture.nothingDependsOnTheApp("io.cinemix").check(cinemix);
    }

    @Test
    void micronautOnlyInTheHttpAdapterAndTheApp() {
        CinemixArchitecture.micronautOnlyInTheHttpAdapterAndTheApp("io.cinemix").check(cinemix);
    }

    @Test
    void lettuceOnlyInTheRedisAdapter() {
        CinemixArchitecture.lettuceOnlyInTheRedisAdapter("io.cinemix").check(cinemix);
    }

    @Test
    void appKnowsOnlyLettucesTracing() {
        CinemixArchitecture.appKnowsOnlyLettucesTracing("io.cinemix").check(cinemix);
    }

    @Test
    void openTelemetryOnlyInTheApp() {
        CinemixArchitecture.openTelemetryOnlyInTheApp("io.cinemix").check(cinemix);
    }

    @Test
    void noMainCodeUsesTestSupport() {
        CinemixArchitecture.noMainCodeUsesTestSupport("io.cinemix").check(cinemix);
    }

    @Test
    void packagesAreFreeOfCycles() {
        CinemixArchitecture.packagesAreFreeOfCycles("io.cinemix").check(cinemix);
    }

    @Test
    void everyRuleIsCheckedHere() {
        long checkedHere = java.util.Arrays.stream(ArchitectureTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).count() - 2;
        assertThat(checkedHere).isEqualTo(CinemixArchitecture.all("io.cinemix").size());
        for (ArchRule rule : CinemixArchitecture.all("io.cinemix")) {
            assertThat(rule.getDescription()).isNotBlank();
        }
    }
}
