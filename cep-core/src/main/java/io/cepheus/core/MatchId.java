package io.cepheus.core;

import java.util.Objects;

/**
 * A deterministic result identity: 128 bits, as 32 hex digits, hashed from the rule and its version, key, kind and
 * the step, id and timestamp of every bound event from the last to the first (for aggregate
 * results: rule, key, window and trigger). The same input always gives the same id, so consumers can deduplicate replays and
 * retries. Not cryptographic: two independent 64-bit streams, each mixed with the SplitMix64
 * finalizer (Steele, Lea, Flood 2014) after every input.
 */
public record MatchId(long high, long low) {

    /** The id as 32 lower-case hex digits (made when asked, not for every match). */
    public String value() {
        return hex(high) + hex(low);
    }

    /** Parses the 32 hex digits of {@link #value()}. @throws IllegalArgumentException if malformed */
    public static MatchId parse(String value) {
        Objects.requireNonNull(value, "value");
        if (value.length() != 32) {
            throw new IllegalArgumentException("a match id has 32 hex digits, got '" + value + "'");
        }
        try {
            return new MatchId(Long.parseUnsignedLong(value, 0, 16, 16), Long.parseUnsignedLong(value, 16, 32, 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a match id has 32 hex digits, got '" + value + "'", e);
        }
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    /** A hasher primed with rule, key and kind; feed it the bound events with {@link Hasher#event}. */
    static Hasher forMatch(RuleId rule, long version, String key, MatchKind kind) {
        return new Hasher().string(rule.value()).number(version).string(key).string(kind.name());
    }

    /** The id of an aggregate result: rule, key, window bounds and trigger. */
    static MatchId ofWindow(RuleId rule, long version, String key, long windowStart, long windowEnd, long trigger) {
        return new Hasher().string(rule.value()).number(version).string(key).string("AGGREGATE")
                .number(windowStart).number(windowEnd).number(trigger).id();
    }

    @Override
    public String toString() {
        return value();
    }

    /** Accumulates a 128-bit id. */
    static final class Hasher {
        private long a = 0x243F6A8885A308D3L;
        private long b = 0x13198A2E03707344L;

        /** One bound event: its step name, id and timestamp. */
        Hasher event(String step, Event e) {
            return string(step).number(e.id()).number(e.timestamp());
        }

        Hasher number(long v) {
            a = mix(a ^ v);
            b = mix(b + v * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
            return this;
        }

        Hasher string(String s) {
            // String caches its hash; ids also differ by the events they bind
            return number(((long) s.length() << 32) ^ (s.hashCode() & 0xFFFFFFFFL));
        }

        MatchId id() {
            return new MatchId(mix(a ^ 0x5851F42D4C957F2DL), mix(b));
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
