package io.cepheus.server.demo;

import io.cepheus.dsl.Source;
import io.cepheus.server.config.DemoSettings;
import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.ControlTopic;
import io.cepheus.server.control.Origins;
import io.cepheus.server.control.RuleDirectory;
import io.cepheus.server.kafka.KafkaClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Demo mode ({@code serve --demo}): a few of the tested examples of {@code rules-examples/} — card
 * testing, account takeover, missing heartbeat, impossible travel, bundled into the jar as they are —
 * applied to the control topic with origin {@link Origins#DEMO} (as a diff: a restart writes nothing
 * new, and a rules directory never deletes them), and a generator that produces realistic events to
 * their streams' topics at a steady rate, timestamped now, with those patterns planted in benign
 * traffic ({@link Cast}). Each planted run has a card, account, device or user of its own, so the
 * alerts it gives are told apart by key ({@link #planted}).
 *
 * <p>Lifecycle: {@link #load} (the examples compiled), {@link #apply}, then {@link #start} once the data
 * plane runs; {@link #close} stops the generator cleanly. Thread-safe.
 */
public final class Demo implements AutoCloseable {

    /** The examples the demo deploys: directories of {@code rules-examples/}, bundled as {@code NAME/rules.cep}. */
    public static final List<String> EXAMPLES = List.of("card-testing", "account-takeover", "missing-heartbeat",
            "impossible-travel");

    /** The devices whose heartbeats the generator sends, on top of its rate. */
    public static final int DEVICES = Cast.DEVICES;

    private final DemoSettings settings;
    private final Clock clock;
    private final RuleDirectory rules;
    private volatile Generator generator;

    private Demo(DemoSettings settings, Clock clock, RuleDirectory rules) {
        this.settings = settings;
        this.clock = clock;
        this.rules = rules;
    }

    /**
     * Compiles the bundled examples.
     *
     * @param clock the event times of the generated events (the system clock but in tests)
     * @throws IllegalStateException if an example is missing from the jar
     * @throws io.cepheus.server.control.InvalidRulesException if they do not compile together
     */
    public static Demo load(DemoSettings settings, Clock clock) {
        return new Demo(settings, clock, RuleDirectory.of(Origins.DEMO, "the demo's rules", examples()));
    }

    /** The bundled examples' rule files, named {@code rules-examples/NAME/rules.cep}. */
    static List<Source> examples() {
        List<Source> files = new ArrayList<>();
        for (String example : EXAMPLES) {
            String path = example + "/rules.cep";
            try (InputStream in = Demo.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("the demo's example " + path + " is not in the jar");
                }
                files.add(Source.of("rules-examples/" + path, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the demo's example " + path, e);
            }
        }
        return files;
    }

    /** The declared streams' names. */
    public List<String> streams() {
        return rules.streamNames();
    }

    /** The declared rules' names. */
    public List<String> rules() {
        return rules.ruleNames();
    }

    /** Writes the examples to the control topic as a diff against {@code catalog} (nothing when they are there). */
    public RuleDirectory.Applied apply(Catalog catalog, ControlTopic topic, Instant now) {
        return rules.apply(catalog, topic, now);
    }

    /**
     * Starts the generator.
     *
     * @param topics each stream's topic, as the data plane reads it
     * @throws IllegalStateException if started before
     */
    public synchronized void start(KafkaClients clients, Map<String, String> topics) {
        if (generator != null) {
            throw new IllegalStateException("the demo runs already");
        }
        RandomGenerator random = new Random(settings.seed().orElseGet(() -> new Random().nextInt(Integer.MAX_VALUE)));
        Timeline timeline = new Timeline(Cast.schedules(settings.rate(), random), random, clock.instant());
        Map<String, Object> producer = clients.producer();
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "cepheus-demo");
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        generator = new Generator(timeline, clock, new KafkaProducer<>(producer), topics);
        generator.start();
    }

    /** Benign events per second (the devices' heartbeats come on top). */
    public int rate() {
        return settings.rate();
    }

    /** The runs planted so far, oldest first; none before {@link #start}. */
    public List<Planted> planted() {
        Generator g = generator;
        return g == null ? List.of() : g.planted();
    }

    /** Records the generator has had acknowledged so far. */
    public long sent() {
        Generator g = generator;
        return g == null ? 0 : g.sent();
    }

    /** Stops the generator (the devices say {@code shutdown}) and waits for its records. Idempotent. */
    @Override
    public synchronized void close() {
        if (generator != null) {
            generator.close();
        }
    }
}
