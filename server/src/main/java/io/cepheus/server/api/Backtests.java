package io.cepheus.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.backtest.Input;
import io.cepheus.server.kafka.KafkaClients;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Backtests over the REST API: rule text or a kept rule version run over posted events or a time
 * range of a stream's topic, by the class {@code cepheus backtest} runs ({@link BacktestRun}), so the
 * alerts are the command line's for the same events. The events go to files in a temporary
 * directory first, as the command line reads them: NDJSON as sent; a JSON array one element a line
 * (line ends inside an element become spaces); a range one file per partition ({@code partition-N},
 * merged by event time as the command line merges several files), read {@code read_committed}.
 *
 * <p>A run of at most {@value #SYNC_LIMIT} events (posted records, or offsets in the range) is run on
 * the request's thread and answered at once, unless the request asks for a job; a larger one is a
 * job ({@link BacktestJob}) on this node's one backtest thread, answered with its id. Jobs live on
 * the node that runs them, in memory (a restart forgets them); a job's id names its node ({@code
 * UUID.base64url(host:port)}), so another node that is asked for it says where it is ({@link
 * #elsewhere}) and the HTTP layer forwards the request there — only to a node the control topic
 * records as a member of the cluster ({@code node/} records), never to an address a client made up.
 * The newest {@value #KEPT_JOBS} jobs are kept. Thread-safe.
 */
public final class Backtests implements AutoCloseable {

    /** The largest run answered at once, in events. */
    public static final int SYNC_LIMIT = 10_000;
    /** How many jobs a node keeps (the oldest finished ones go first). */
    static final int KEPT_JOBS = 100;

    /** What a backtest request gets. */
    public sealed interface Answer {}

    /** The result, at once. */
    public record Done(ObjectNode result) implements Answer {}

    /** A job that runs. */
    public record Started(BacktestJobView job) implements Answer {}

    private final ControlWrites control;
    private final Compiler compiler;
    private final KafkaClients clients;
    private final Duration timeout;
    private final Clock clock;
    /** This node's address, {@code host:port}. */
    private final String node;
    private final Map<String, BacktestJob> jobs = new LinkedHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cepheus-backtest");
        t.setDaemon(true);
        return t;
    });

    Backtests(ControlWrites control, Compiler compiler, KafkaClients clients, Duration timeout, Clock clock,
              String node) {
        this.control = control;
        this.compiler = compiler;
        this.clients = clients;
        this.timeout = timeout;
        this.clock = clock;
        this.node = node;
    }

    /**
     * Runs a backtest, or starts it as a job.
     *
     * @throws ApiException as {@link BacktestPlan#of} does; invalid for events that are not a JSON
     *     array, or a range that ends before it starts; unavailable if Kafka does not answer
     */
    public Answer run(BacktestRequest request) {
        BacktestPlan plan = BacktestPlan.of(control.catalog(), compiler, request);
        Events events = events(plan.stream(), request.events());
        long total = events.total() * BacktestRun.passes(plan);
        if (total <= (long) SYNC_LIMIT * BacktestRun.passes(plan) && !request.async()) {
            BacktestJob inline = new BacktestJob(newId(), total, clock.instant());
            try {
                return new Done(execute(plan, events, inline));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(e.getMessage());
            }
        }
        BacktestJob job = new BacktestJob(newId(), total, clock.instant());
        synchronized (jobs) {
            jobs.put(job.id, job);
            forgetOld();
        }
        runner.execute(() -> runJob(plan, events, job));
        return new Started(job.view());
    }

    private String newId() {
        return UUID.randomUUID() + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(node.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The node that runs job {@code id}, when it is another one: ask it. Empty when it is this node's
     * id (or an id that names no node).
     *
     * @throws ApiException not found if the id names a node that is not a member of the cluster
     */
    public Optional<NodeAddress> elsewhere(String id) {
        int dot = id.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String owner;
        try {
            owner = new String(Base64.getUrlDecoder().decode(id.substring(dot + 1)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (owner.equals(node)) {
            return Optional.empty();
        }
        if (!control.catalog().nodes().containsKey(owner)) {
            throw ApiException.notFound("no backtest job " + id + ": the node it names, " + owner
                    + ", is not a node of this cluster");
        }
        return Optional.of(NodeAddress.parse(owner));
    }

    /** A job's state. @throws ApiException not found on a node that does not run it */
    public BacktestJobView job(String id) {
        return find(id).view();
    }

    /**
     * Cancels a running job (it stops at its next progress report and stays, cancelled), or forgets a
     * finished one.
     *
     * @throws ApiException not found
     */
    public void cancel(String id) {
        BacktestJob job = find(id);
        job.cancel();
        if (!job.running()) {
            synchronized (jobs) {
                jobs.remove(id);
            }
        }
    }

    private BacktestJob find(String id) {
        synchronized (jobs) {
            BacktestJob job = jobs.get(id);
            if (job == null) {
                throw ApiException.notFound("no backtest job " + id + " (a node keeps its newest " + KEPT_JOBS
                        + " jobs, and forgets them when it restarts)");
            }
            return job;
        }
    }

    private void forgetOld() {
        var it = jobs.values().iterator();
        while (jobs.size() > KEPT_JOBS && it.hasNext()) {
            if (!it.next().running()) {
                it.remove();
            }
        }
    }

    private void runJob(BacktestPlan plan, Events events, BacktestJob job) {
        try {
            job.succeeded(execute(plan, events, job), clock.instant());
        } catch (CancellationException e) {
            job.cancelled(clock.instant());
        } catch (IOException | UncheckedIOException e) {
            job.failed("cannot read the events: " + e.getMessage(), clock.instant());
        } catch (RuntimeException e) {
            job.failed(e.getMessage() == null ? e.toString() : e.getMessage(), clock.instant());
        }
    }

    private ObjectNode execute(BacktestPlan plan, Events events, BacktestJob job) throws IOException {
        Path dir = Files.createTempDirectory("cepheus-backtest");
        try {
            List<Input> inputs = events.write(dir, job);
            return new BacktestRun(plan, inputs, n -> {
                if (job.cancelled()) {
                    throw new CancellationException();
                }
                job.read.set(n);
            }).execute();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Events events(StreamLayout stream, BacktestRequest.Events events) {
        return switch (events) {
            case BacktestRequest.Posted p -> new PostedEvents(stream, p);
            case BacktestRequest.Range r -> {
                if (!r.from().isBefore(r.to())) {
                    throw ApiException.invalid("the range must end after it starts: from " + r.from() + ", to " + r.to());
                }
                yield new RangeEvents(stream, new TopicRange(clients, StreamView.topicOf(stream), r.from(), r.to(), timeout));
            }
        };
    }

    /** The events of a run, written to input files when it starts. */
    private interface Events {
        long total();

        List<Input> write(Path dir, BacktestJob job) throws IOException;
    }

    /** Posted events: NDJSON as sent, or a JSON array's elements one a line. */
    private record PostedEvents(StreamLayout stream, byte[] lines, long total) implements Events {

        PostedEvents(StreamLayout stream, BacktestRequest.Posted posted) {
            this(stream, posted.ndjson() ? posted.body() : joined(Ingest.elements(posted.body())),
                    count(posted.ndjson() ? posted.body() : joined(Ingest.elements(posted.body()))));
        }

        private static byte[] joined(List<byte[]> elements) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (byte[] e : elements) {
                for (byte b : e) {
                    out.write(b == '\n' || b == '\r' ? ' ' : b);
                }
                out.write('\n');
            }
            return out.toByteArray();
        }

        private static long count(byte[] body) {
            return new String(body, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
        }

        @Override
        public List<Input> write(Path dir, BacktestJob job) throws IOException {
            Path file = dir.resolve("events.jsonl");
            Files.write(file, lines);
            return List.of(new Input(file, "events", stream));
        }
    }

    /** A range of the stream's topic, one file per partition. */
    private record RangeEvents(StreamLayout stream, TopicRange range) implements Events {

        @Override
        public long total() {
            return range.total();
        }

        @Override
        public List<Input> write(Path dir, BacktestJob job) throws IOException {
            Map<Integer, OutputStream> files = new TreeMap<>();
            List<Input> inputs = new ArrayList<>();
            try (range) {
                for (int p : range.partitions()) {
                    Path file = dir.resolve("partition-" + p);
                    files.put(p, new java.io.BufferedOutputStream(Files.newOutputStream(file)));
                    inputs.add(new Input(file, "partition-" + p, stream));
                }
                boolean done = range.read((partition, offset, timestamp, value) -> {
                    try {
                        OutputStream out = files.get(partition);
                        for (byte b : value) {
                            out.write(b == '\n' || b == '\r' ? ' ' : b);
                        }
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, job::cancelled);
                if (!done) {
                    throw new CancellationException();
                }
            } finally {
                for (OutputStream out : files.values()) {
                    out.close();
                }
            }
            return inputs;
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
