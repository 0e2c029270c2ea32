package io.cepheus.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server's packages depend one way (docs/architecture.md, "Inside server/"):
 * {@code cli → node → dataplane, http, kafka → health, config}; {@code backtest, testing → runtime → rules};
 * {@code dataplane → runtime, kafka}; {@code http → api → control, webhooks, runtime, kafka (clients)};
 * {@code webhooks → control, config} (no HTTP server, no data plane, no API);
 * {@code node → demo → control, kafka (clients)};
 * the engine and the language know nothing of
 * Kafka, HTTP or metrics.
 */
class ArchitectureTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cepheus.server");

    private static final JavaClasses ENGINE_AND_LANGUAGE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cepheus.core", "io.cepheus.dsl");

    private static final String[] KAFKA = {"org.apache.kafka..", "kafka.."};
    /** Kafka's broker, as opposed to its clients and Streams. */
    private static final String[] KAFKA_BROKER = {"kafka..", "org.apache.kafka.metadata..", "org.apache.kafka.server..",
        "org.apache.kafka.raft..", "org.apache.kafka.storage..", "org.apache.kafka.coordinator.."};

    @Test
    void configDependsOnNothingOfOursAndOnNoLibrary() {
        classes().that().resideInAPackage("io.cepheus.server.config..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.cepheus.server.config..")
                .because("every other part reads the configuration; it reads none of them")
                .check(SERVER);
    }

    @Test
    void healthDependsOnNothingOfOurs() {
        classes().that().resideInAPackage("io.cepheus.server.health..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.cepheus.server.health..")
                .check(SERVER);
    }

    @Test
    void kafkaDependsOnlyOnConfig() {
        noClasses().that().resideInAPackage("io.cepheus.server.kafka..")
                .should().dependOnClassesThat(resideInAPackage("io.cepheus..")
                        .and(not(resideInAnyPackage("io.cepheus.server.kafka..", "io.cepheus.server.config.."))))
                .because("Kafka is infrastructure: the broker, topics and client configs read only the configuration")
                .check(SERVER);
    }

    @Test
    void httpKnowsNothingOfKafka() {
        noClasses().that().resideInAPackage("io.cepheus.server.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.kafka..")
                .orShould().dependOnClassesThat().resideInAnyPackage(KAFKA)
                .because("HTTP reads readiness and metrics; whatever Kafka does reaches it through them")
                .check(SERVER);
    }

    @Test
    void theBrokerIsTheEmbeddedKafkaPackagesBusiness() {
        noClasses().that().resideOutsideOfPackage("io.cepheus.server.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage(KAFKA_BROKER)
                .check(SERVER);
    }

    @Test
    void undertowIsHttpsBusiness() {
        noClasses().that().resideOutsideOfPackage("io.cepheus.server.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.undertow..", "org.xnio..")
                .check(SERVER);
    }

    @Test
    void onlyTheCommandLineStartsANode() {
        noClasses().that().resideOutsideOfPackages("io.cepheus.server.cli..", "io.cepheus.server.node..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.node..")
                .check(SERVER);
        noClasses().that().resideOutsideOfPackage("io.cepheus.server.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.cli..")
                .check(SERVER);
    }

    @Test
    void theRuntimeKnowsNoFileKafkaOrHttp() {
        noClasses().that().resideInAPackage("io.cepheus.server.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.backtest..", "io.cepheus.server.cli..",
                        "io.cepheus.server.testing..", "io.cepheus.server.kafka..", "io.cepheus.server.http..",
                        "io.cepheus.server.node..", "org.apache.kafka..", "kafka..", "io.undertow..")
                .because("backtest, test and the data plane drive the same runtime; it reads rules and events, nothing else")
                .check(SERVER);
    }

    @Test
    void theDataPlaneReadsTheRuntimeNotTheFileSideOrHttp() {
        noClasses().that().resideInAPackage("io.cepheus.server.dataplane..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.backtest..", "io.cepheus.server.cli..",
                        "io.cepheus.server.testing..", "io.cepheus.server.http..", "io.cepheus.server.node..",
                        "io.cepheus.server.health..", "io.undertow..")
                .because("the data plane is one straight walk: record → decode → route → CEP processor → alert record,"
                        + " over the runtime that backtest drives too; the node wires it to HTTP and readiness")
                .check(SERVER);
        noClasses().that().resideOutsideOfPackages("io.cepheus.server.dataplane..", "io.cepheus.server.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams..")
                .because("Kafka Streams is the data plane's business (the kafka package only makes its config)")
                .check(SERVER);
    }

    @Test
    void httpIsTransportItReadsTheApiServicesNotWhatIsBehindThem() {
        noClasses().that().resideInAPackage("io.cepheus.server.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.control..",
                        "io.cepheus.server.dataplane..", "io.cepheus.server.runtime..", "io.cepheus.server.rules..",
                        "io.cepheus.server.node..")
                .because("handlers parse, call an api service and render; what the services stand on is theirs")
                .check(SERVER);
    }

    @Test
    void theApiServicesKnowNoTransportAndNoDataPlane() {
        noClasses().that().resideInAPackage("io.cepheus.server.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.http..", "io.undertow..",
                        "io.cepheus.server.node..", "io.cepheus.server.cli..", "io.cepheus.server.dataplane..",
                        "org.apache.kafka.streams..")
                .because("the services decide; HTTP is one way to reach them, and they reach the data plane only"
                        + " through the control topic and the streams' topics")
                .check(SERVER);
        noClasses().that().resideOutsideOfPackages("io.cepheus.server.api..", "io.cepheus.server.http..",
                        "io.cepheus.server.node..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.api..")
                .because("only the transport calls the API's services, and only the node wires them")
                .check(SERVER);
    }

    @Test
    void theDemoWritesThroughTheControlTopicAndKafkaOnly() {
        noClasses().that().resideInAPackage("io.cepheus.server.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.http..", "io.cepheus.server.api..",
                        "io.cepheus.server.dataplane..", "io.cepheus.server.alerts..", "io.cepheus.server.node..",
                        "io.cepheus.server.cli..", "org.apache.kafka.streams..")
                .because("the demo is a user like any other: rules on the control topic, events on the streams' topics")
                .check(SERVER);
        noClasses().that().resideOutsideOfPackages("io.cepheus.server.demo..", "io.cepheus.server.node..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.demo..")
                .because("only the node wires the demo in")
                .check(SERVER);
    }

    @Test
    void theWebhookDispatcherReadsAlertsAndTheControlTopicNotTheApiOrTheDataPlane() {
        noClasses().that().resideInAPackage("io.cepheus.server.webhooks..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.api..", "io.cepheus.server.http..",
                        "io.cepheus.server.dataplane..", "io.cepheus.server.node..", "io.cepheus.server.cli..",
                        "io.cepheus.server.backtest..", "org.apache.kafka.streams..", "io.undertow..")
                .because("the dispatcher reads the alerts topic and the control topic; the API reads its delivery log,"
                        + " never the other way")
                .check(SERVER);
        noClasses().that().resideOutsideOfPackages("io.cepheus.server.webhooks..", "io.cepheus.server.api..",
                        "io.cepheus.server.node..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cepheus.server.webhooks..")
                .because("the API's services and the node's wiring are the only ones that reach the dispatcher")
                .check(SERVER);
    }

    @Test
    void theEngineAndTheLanguageKnowNothingOfKafkaHttpOrMetrics() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "kafka..", "io.undertow..",
                        "org.xnio..", "io.prometheus..", "io.cepheus.server..")
                .because("cep-core and pattern-dsl run the same in the server, in tests, backtests and benchmarks")
                .check(ENGINE_AND_LANGUAGE);
    }
}
