package io.cepheus.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** cep-core stands alone: no Kafka, HTTP, JSON or DSL code, and no reading of the system clock. */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cepheus.core");

    @Test
    void coreDependsOnNoOtherLayer() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "io.undertow..", "com.fasterxml.jackson..", "org.antlr..",
                        "io.prometheus..", "io.cepheus.dsl..", "io.cepheus.server..", "io.cepheus.cli..")
                .because("cep-core is runtime-agnostic: the same engine runs in Kafka Streams, tests, backtests and benchmarks")
                .check(CORE);
    }

    @Test
    void engineNeverReadsTheSystemClock() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Instant.class, "now")
                .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
                .because("time is injected: watermarks and processing time come from the caller")
                .check(CORE);
    }

    @Test
    void rocksDbIsUsedOnlyByItsBackend() {
        noClasses().that().doNotHaveFullyQualifiedName("io.cepheus.core.state.RocksDbStateBackend")
                .and().doNotHaveFullyQualifiedName("io.cepheus.core.state.RocksDbStateBackend$RocksStore")
                .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
                .check(CORE);
    }
}
