package io.cepheus.load;

import io.cepheus.dsl.FieldType;
import io.cepheus.dsl.StreamLayout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Payments like those of {@code rules-examples/card-testing}, as JSON lines, made from a seed: the
 * same seed and count give the same bytes. About 108 bytes a line.
 *
 * <p>The stream starts at 2026-03-01T00:00:00Z and advances 0–200 ms per payment (1M payments span
 * about 28 hours) over 50,000 cards and 2,000 merchants; amounts are log-uniform from 1 to 500, 3 %
 * of payments are declined, 1 % arrive up to 3 s out of order (inside the example's 5 s lateness).
 * One payment in 200 starts a card-testing attack on a random card: three to five approved probes
 * under 2.00, 20–60 s apart, then one purchase of 500–2,000 at another merchant, merged into the
 * stream by time; so the {@code card_testing} rule fires about once per 230 lines.
 *
 * <p>Write a file: {@code java -cp load-tests/target/benchmarks.jar io.cepheus.load.CardTestingEvents
 * 1000000 /tmp/card-testing-1m.jsonl [iso|epoch] [seed]}.
 */
public final class CardTestingEvents {

    /** How the time field is written. */
    public enum TimeFormat {
        /** ISO-8601 text with milliseconds: {@code "2026-03-01T10:00:00.123Z"}. */
        ISO,
        /** Epoch milliseconds: {@code 1772359200123}. */
        EPOCH
    }

    public static final long DEFAULT_SEED = 42;
    static final long START = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    static final int CARDS = 50_000;
    static final int MERCHANTS = 2_000;

    private final SplittableRandom random;
    private final TimeFormat format;
    private final PriorityQueue<Pending> attacks = new PriorityQueue<>();
    private long clock = START;
    private long sequence;

    private record Pending(long time, long sequence, String card, double amount, int merchant)
            implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(sequence, o.sequence);
        }
    }

    public CardTestingEvents(long seed, TimeFormat format) {
        this.random = new SplittableRandom(seed);
        this.format = format;
    }

    /** The layout of the card-testing example's stream {@code payments}. */
    public static StreamLayout layout() {
        return new StreamLayout("payments", "payments", "ts", null, Duration.ofSeconds(5), "card_id", null, List.of(
                new StreamLayout.Field("card_id", FieldType.STRING, 0),
                new StreamLayout.Field("amount", FieldType.DECIMAL, 1),
                new StreamLayout.Field("merchant", FieldType.STRING, 2),
                new StreamLayout.Field("status", FieldType.STRING, 3),
                new StreamLayout.Field("ts", FieldType.TIMESTAMP, 4)));
    }

    /** Gives {@code count} lines, each without its line end, to {@code sink}. */
    public void generate(long count, Consumer<String> sink) {
        for (long n = 0; n < count; n++) {
            sink.accept(next());
        }
    }

    /** The next line. */
    public String next() {
        clock += random.nextInt(201);
        Pending attack = attacks.peek();
        if (attack != null && attack.time() <= clock) {
            attacks.poll();
            return line(attack.card(), attack.amount(), attack.merchant(), "approved", attack.time());
        }
        if (random.nextInt(200) == 0) {
            scheduleAttack();
        }
        String card = card(random.nextInt(CARDS));
        double amount = Math.exp(random.nextDouble() * Math.log(500));
        String status = random.nextInt(100) < 3 ? "declined" : "approved";
        long time = random.nextInt(100) == 0 ? clock - random.nextInt(3000) : clock;
        return line(card, amount, random.nextInt(MERCHANTS), status, time);
    }

    private void scheduleAttack() {
        String card = card(random.nextInt(CARDS));
        int merchant = random.nextInt(MERCHANTS);
        long t = clock;
        for (int probes = 3 + random.nextInt(3); probes > 0; probes--) {
            t += 20_000 + random.nextInt(40_000);
            attacks.add(new Pending(t, sequence++, card, 0.5 + random.nextDouble() * 1.49, merchant));
        }
        t += 20_000 + random.nextInt(40_000);
        attacks.add(new Pending(t, sequence++, card, 500 + random.nextDouble() * 1500, (merchant + 1) % MERCHANTS));
    }

    private static String card(int n) {
        return String.format(Locale.ROOT, "c%07d", n);
    }

    private String line(String card, double amount, int merchant, String status, long time) {
        String ts = format == TimeFormat.ISO ? "\"" + Instant.ofEpochMilli(time) + "\"" : Long.toString(time);
        if (format == TimeFormat.ISO && time % 1000 == 0) {
            ts = ts.replace("Z\"", ".000Z\"");
        }
        return String.format(Locale.ROOT, "{\"card_id\":\"%s\",\"amount\":%.2f,\"merchant\":\"m%05d\",\"status\":\"%s\","
                + "\"ts\":%s}", card, amount, merchant, status, ts);
    }

    /** {@code COUNT FILE [iso|epoch] [SEED]}: writes COUNT lines to FILE. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: CardTestingEvents COUNT FILE [iso|epoch] [SEED]");
            System.exit(2);
        }
        long count = Long.parseLong(args[0]);
        TimeFormat format = args.length > 2 ? TimeFormat.valueOf(args[2].toUpperCase(Locale.ROOT)) : TimeFormat.ISO;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : DEFAULT_SEED;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 16)) {
            new CardTestingEvents(seed, format).generate(count, line -> {
                try {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }
}
