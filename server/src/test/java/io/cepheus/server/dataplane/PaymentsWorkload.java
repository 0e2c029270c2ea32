package io.cepheus.server.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A stream of payments whose alerts depend on state kept across many events, made from a seed (the
 * same seed and count give the same lines), and five rules over it: a pattern with many partial
 * matches ({@code probe{3,} -> big}: about one payment in nine is a probe), an absence ({@code
 * declined -> not approved} within 2 minutes), a sliding window per card, a tumbling window per
 * merchant (a second key space), and a chained rule over the card-testing alerts partitioned by the
 * merchant each names (a third key space, whose keys are in general in other tasks than the alerts').
 *
 * <p>Payments start at 2025-06-01T00:00:00Z (in the past, so that the wall clock closes every window
 * once the stream is idle) and advance 0.2–2 s each over {@value #CARDS} cards and {@value
 * #MERCHANTS} merchants; 5 % are declined; 2 % arrive up to 3 s out of order (inside the 5 s
 * lateness, so no event is late on any partition). One payment in 150 starts a card-testing attack
 * (three to five probes 20–60 s apart, then 500–2,000 at another merchant). Times are distinct, so
 * the lines are too, and their content hashes (the event ids).
 */
final class PaymentsWorkload {

    static final int CARDS = 150;
    static final int MERCHANTS = 12;
    static final long START = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

    /** The rules, reading topic {@code topic}; five rules, three key spaces (card, merchant, alerts by merchant). */
    static String rules(String topic) {
        return """
                stream payments {
                  topic "%s"
                  time ts
                  lateness 5s
                  key card_id
                  fields {
                    card_id: string
                    amount: decimal
                    merchant: string
                    status: string
                    ts: timestamp
                  }
                }

                rule card_testing {
                  from payments
                  partition by card_id
                  pattern probe{3,} -> big
                  where
                    probe: amount < 2.00 and status == "approved"
                    big: amount > 500 and merchant != last(probe).merchant
                  within 10m
                  after match skip past last event
                  alert {
                    summary "Card ${card_id}: ${count(probe)} probes, then ${big.amount} at ${big.merchant}"
                    total: sum(probe.amount) + big.amount
                    merchant: big.merchant
                  }
                }

                rule merchant_hit_twice {
                  from alerts(card_testing)
                  partition by merchant
                  pattern first -> second
                  where
                    second: key != first.key
                  within 1h
                  alert {
                    summary "Merchant ${merchant}: card testing ended here on ${first.key}, then on ${second.key}"
                  }
                }

                rule declined_not_retried {
                  from payments
                  partition by card_id
                  pattern declined -> not retried
                  where
                    declined: status == "declined"
                    retried: status == "approved"
                  within 2m
                  alert {
                    summary "Card ${card_id}: declined ${declined.amount} at ${declined.merchant}, no retry"
                  }
                }

                rule card_velocity {
                  from payments
                  partition by card_id
                  aggregate over last 10m {
                    payments: count()
                    total: sum(amount)
                  }
                  when payments >= 5
                  alert {
                    summary "Card ${card_id}: ${payments} payments (${total}) in 10 minutes"
                  }
                }

                rule merchant_hourly {
                  from payments
                  partition by merchant
                  aggregate every 1h {
                    total: sum(amount)
                    sales: count()
                  }
                  when sales >= 10
                  alert {
                    summary "Merchant ${merchant}: ${sales} sales, ${total} in the hour"
                  }
                }
                """.formatted(topic);
    }

    /** Writes {@link #rules} to {@code dir/payments.cep} and returns {@code dir}. */
    static Path writeRules(Path dir, String topic) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("payments.cep"), rules(topic));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One payment line and the card it is keyed by. */
    record Payment(String card, String line) {}

    private record Pending(long time, long sequence, String card, double amount, int merchant)
            implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(sequence, o.sequence);
        }
    }

    private PaymentsWorkload() {}

    /** {@code count} payments made from {@code seed}. */
    static List<Payment> payments(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PriorityQueue<Pending> attacks = new PriorityQueue<>();
        List<Payment> out = new ArrayList<>(count);
        long clock = START;
        long sequence = 0;
        while (out.size() < count) {
            // every time ends in an odd millisecond, out-of-order ones in an even one: all distinct
            clock += 200 + 2 * random.nextInt(900);
            Pending attack = attacks.peek();
            if (attack != null && attack.time() <= clock) {
                attacks.poll();
                out.add(payment(attack.card(), attack.amount(), attack.merchant(), "approved", clock + 1));
                continue;
            }
            if (random.nextInt(150) == 0) {
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
            double amount = Math.exp(random.nextDouble() * Math.log(600));
            String status = random.nextInt(100) < 5 ? "declined" : "approved";
            long time = random.nextInt(100) < 2 ? clock - 2 * (1 + random.nextInt(1500)) : clock + 1;
            out.add(payment(card(random.nextInt(CARDS)), amount, random.nextInt(MERCHANTS), status, time));
        }
        return out;
    }

    private static Payment payment(String card, double amount, int merchant, String status, long time) {
        return new Payment(card, String.format(Locale.ROOT,
                "{\"card_id\":\"%s\",\"amount\":%.2f,\"merchant\":\"m%02d\",\"status\":\"%s\",\"ts\":\"%s\"}",
                card, amount, merchant, status, Instant.ofEpochMilli(time)));
    }

    private static String card(int n) {
        return String.format(Locale.ROOT, "c%03d", n);
    }
}
