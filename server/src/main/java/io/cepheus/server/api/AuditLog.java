package io.cepheus.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cepheus.server.control.AuditEntry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: every change made through the API (who, when, what, before and after), appended to
 * the audit topic after the change and read back from it, newest first. Thread-safe.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final ControlWrites topic;
    private final Clock clock;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    AuditLog(ControlWrites topic, Clock clock, ObjectMapper json) {
        this.topic = topic;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Appends a change, and waits until this node reads it back. A change that Kafka took but whose
     * audit entry it did not is logged at ERROR with the entry.
     *
     * @param before the target before (a view record), or null
     * @param after the target after, or null
     */
    void record(Principal by, String action, String target, Object before, Object after) {
        Instant now = clock.instant();
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        String id = String.format("%013d-%s", now.toEpochMilli(), HexFormat.of().formatHex(suffix));
        AuditEntry entry = new AuditEntry(id, now, by.describe(), action, target, text(before), text(after));
        try {
            topic.write(t -> t.put(entry));
        } catch (ApiException e) {
            log.error("audit entry not written (the change was made): {}", entry);
            throw e;
        }
    }

    /**
     * The log, newest first.
     *
     * @param target only the entries of this target (e.g. {@code rule/x}), if given
     * @param cursor the {@link Page#next()} of the previous page
     * @throws ApiException (invalid) for a bad cursor or limit
     */
    public Page<AuditView> list(Optional<String> target, Optional<String> cursor, Optional<Integer> limit) {
        int n = Page.limit(limit);
        Optional<String> after = Page.keyOf(cursor);
        List<AuditView> items = new ArrayList<>();
        boolean skipping = after.isPresent();
        for (AuditEntry e : topic.catalog().audit()) {
            if (skipping) {
                skipping = !e.id().equals(after.get());
                continue;
            }
            if (target.isPresent() && !target.get().equals(e.target())) {
                continue;
            }
            if (items.size() == n) {
                return new Page<>(items, Page.cursorAfter(items.getLast().id()));
            }
            items.add(view(e));
        }
        return new Page<>(items, null);
    }

    private AuditView view(AuditEntry e) {
        return new AuditView(e.id(), e.time().toString(), e.actor(), e.action(), e.target(), tree(e.before()),
                tree(e.after()));
    }

    private String text(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a view always serializes", e);
        }
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
