package io.cepheus.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deterministic match identity: the first 128 bits of SHA-256 over the rule, key, kind and the
 * ids and timestamps of the bound events by step, as 32 hex digits.
 */
public record MatchId(String value) {
    public MatchId {
        Objects.requireNonNull(value, "value");
    }

    static MatchId of(RuleId rule, String key, MatchKind kind, Map<String, List<Event>> events) {
        MessageDigest digest = sha256();
        update(digest, rule.value());
        update(digest, key);
        update(digest, kind.name());
        events.forEach((step, list) -> {
            update(digest, step);
            for (Event e : list) {
                update(digest, Long.toString(e.id()));
                update(digest, Long.toString(e.timestamp()));
            }
        });
        byte[] hash = digest.digest();
        return new MatchId(HexFormat.of().formatHex(hash, 0, 16));
    }

    /** The id of an aggregate result: rule, key, window bounds and trigger. */
    static MatchId ofWindow(RuleId rule, String key, long windowStart, long windowEnd, long trigger) {
        MessageDigest digest = sha256();
        update(digest, rule.value());
        update(digest, key);
        update(digest, "AGGREGATE");
        update(digest, Long.toString(windowStart));
        update(digest, Long.toString(windowEnd));
        update(digest, Long.toString(trigger));
        return new MatchId(HexFormat.of().formatHex(digest.digest(), 0, 16));
    }

    private static void update(MessageDigest digest, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
