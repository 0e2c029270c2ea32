package io.cepheus.server.control;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the control topic holds up to an offset: the declared streams, each rule's current version
 * and the versions kept for history, the REST API's bearer tokens, the rules snoozed for a key, the
 * running nodes and the webhook endpoints.
 * Over the audit topic (a
 * {@link Registry} of its own) it holds the audit log. Immutable; a {@link Registry} publishes a new
 * one after each batch of control records it reads.
 */
public final class Catalog {

    /** The empty catalog, before any control record is read. */
    public static final Catalog EMPTY = new Catalog(0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
            AuditTrail.EMPTY, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    private final long offset;
    private final SortedMap<String, StreamDefinition> streams;
    private final SortedMap<String, RuleDefinition> rules;
    private final SortedMap<String, NavigableMap<Long, RuleDefinition>> versions;
    private final SortedMap<String, TokenRecord> tokens;
    private final AuditTrail audit;
    private final SortedMap<String, SortedMap<String, Snooze>> snoozes;
    private final SortedMap<String, NodeRecord> nodes;
    private final SortedMap<String, WebhookDefinition> webhooks;

    private Catalog(long offset, SortedMap<String, StreamDefinition> streams, SortedMap<String, RuleDefinition> rules,
                    SortedMap<String, NavigableMap<Long, RuleDefinition>> versions, SortedMap<String, TokenRecord> tokens,
                    AuditTrail audit, SortedMap<String, SortedMap<String, Snooze>> snoozes,
                    SortedMap<String, NodeRecord> nodes, SortedMap<String, WebhookDefinition> webhooks) {
        this.offset = offset;
        this.streams = streams;
        this.rules = rules;
        this.versions = versions;
        this.tokens = tokens;
        this.audit = audit;
        this.snoozes = snoozes;
        this.nodes = nodes;
        this.webhooks = webhooks;
    }

    /** The nodes that run (or crashed without deleting their record), by address. */
    public SortedMap<String, NodeRecord> nodes() {
        return Collections.unmodifiableSortedMap(nodes);
    }

    /** The webhook endpoints by name. */
    public SortedMap<String, WebhookDefinition> webhooks() {
        return Collections.unmodifiableSortedMap(webhooks);
    }

    public Optional<WebhookDefinition> webhook(String name) {
        return Optional.ofNullable(webhooks.get(name));
    }

    /** The control topic's offset after the last record this catalog holds: it grows with every change. */
    public long offset() {
        return offset;
    }

    /** The declared streams by name. */
    public SortedMap<String, StreamDefinition> streams() {
        return Collections.unmodifiableSortedMap(streams);
    }

    /** Each rule's current version, by name. */
    public SortedMap<String, RuleDefinition> rules() {
        return Collections.unmodifiableSortedMap(rules);
    }

    public Optional<RuleDefinition> rule(String name) {
        return Optional.ofNullable(rules.get(name));
    }

    public Optional<StreamDefinition> stream(String name) {
        return Optional.ofNullable(streams.get(name));
    }

    /** Every kept version of rule {@code name}, oldest first; empty for an unknown rule. */
    public NavigableMap<Long, RuleDefinition> versions(String name) {
        return Collections.unmodifiableNavigableMap(versions.getOrDefault(name, new TreeMap<>()));
    }

    /** The REST API's bearer tokens (their hashes), by id. */
    public SortedMap<String, TokenRecord> tokens() {
        return Collections.unmodifiableSortedMap(tokens);
    }

    /** The audit log read so far, newest first (empty but over the audit topic). */
    public Iterable<AuditEntry> audit() {
        return audit;
    }

    /** The snoozes of rule {@code rule} by key, ended ones included (see {@link Snooze#activeAt}). */
    public SortedMap<String, Snooze> snoozes(String rule) {
        return Collections.unmodifiableSortedMap(snoozes.getOrDefault(rule, new TreeMap<>()));
    }

    /**
     * Whether rule {@code rule}'s alerts for {@code key} are snoozed at {@code epochMillis}: one map
     * look-up per rule with snoozes, none for the others.
     */
    public boolean snoozed(String rule, String key, long epochMillis) {
        SortedMap<String, Snooze> byKey = snoozes.get(rule);
        if (byKey == null) {
            return false;
        }
        Snooze s = byKey.get(key);
        return s != null && s.activeAt(epochMillis);
    }

    /** A catalog to which records are applied, then {@link Builder#build built}. */
    Builder toBuilder() {
        TreeMap<String, NavigableMap<Long, RuleDefinition>> v = new TreeMap<>();
        versions.forEach((name, byVersion) -> v.put(name, new TreeMap<>(byVersion)));
        TreeMap<String, SortedMap<String, Snooze>> z = new TreeMap<>();
        snoozes.forEach((rule, byKey) -> z.put(rule, new TreeMap<>(byKey)));
        return new Builder(offset, new TreeMap<>(streams), new TreeMap<>(rules), v, new TreeMap<>(tokens), audit, z,
                new TreeMap<>(nodes), new TreeMap<>(webhooks));
    }

    /** Applies control records in topic order. Not thread-safe. */
    static final class Builder {
        private long offset;
        private final SortedMap<String, StreamDefinition> streams;
        private final SortedMap<String, RuleDefinition> rules;
        private final SortedMap<String, NavigableMap<Long, RuleDefinition>> versions;
        private final SortedMap<String, TokenRecord> tokens;
        private AuditTrail audit;
        private final SortedMap<String, SortedMap<String, Snooze>> snoozes;
        private final SortedMap<String, NodeRecord> nodes;
        private final SortedMap<String, WebhookDefinition> webhooks;

        private Builder(long offset, SortedMap<String, StreamDefinition> streams, SortedMap<String, RuleDefinition> rules,
                        SortedMap<String, NavigableMap<Long, RuleDefinition>> versions,
                        SortedMap<String, TokenRecord> tokens, AuditTrail audit,
                        SortedMap<String, SortedMap<String, Snooze>> snoozes, SortedMap<String, NodeRecord> nodes,
                        SortedMap<String, WebhookDefinition> webhooks) {
            this.offset = offset;
            this.streams = streams;
            this.rules = rules;
            this.versions = versions;
            this.tokens = tokens;
            this.audit = audit;
            this.snoozes = snoozes;
            this.nodes = nodes;
            this.webhooks = webhooks;
        }

        /**
         * Applies the record at {@code recordOffset}.
         *
         * @param value the JSON value; null for a tombstone
         * @throws IllegalArgumentException if the key or value is malformed (the offset still advances)
         */
        void apply(long recordOffset, String key, byte[] value) {
            offset = Math.max(offset, recordOffset + 1);
            if (key.startsWith(ControlRecords.STREAM)) {
                putOrRemove(streams, key.substring(ControlRecords.STREAM.length()), value, ControlRecords::stream,
                        StreamDefinition::name);
            } else if (key.startsWith(ControlRecords.RULE)) {
                String rest = key.substring(ControlRecords.RULE.length());
                int at = rest.lastIndexOf('@');
                if (at < 0) {
                    putOrRemove(rules, rest, value, ControlRecords::rule, RuleDefinition::name);
                } else {
                    applyVersion(rest.substring(0, at), rest.substring(at + 1), value);
                }
            } else if (key.startsWith(ControlRecords.TOKEN)) {
                putOrRemove(tokens, key.substring(ControlRecords.TOKEN.length()), value, ControlRecords::token,
                        TokenRecord::id);
            } else if (key.startsWith(ControlRecords.NODE)) {
                putOrRemove(nodes, key.substring(ControlRecords.NODE.length()), value, ControlRecords::node,
                        NodeRecord::address);
            } else if (key.startsWith(ControlRecords.WEBHOOK)) {
                putOrRemove(webhooks, key.substring(ControlRecords.WEBHOOK.length()), value, ControlRecords::webhook,
                        WebhookDefinition::name);
            } else if (key.startsWith(ControlRecords.SNOOZE)) {
                applySnooze(key.substring(ControlRecords.SNOOZE.length()), value);
            } else if (key.startsWith(ControlRecords.AUDIT) && value != null) {
                AuditEntry a = ControlRecords.audit(value);
                audit = audit.plus(named(key.substring(ControlRecords.AUDIT.length()), a.id(), a));
            } else {
                throw new IllegalArgumentException("unknown control key '" + key + "'");
            }
        }

        private void applyVersion(String name, String number, byte[] value) {
            long version;
            try {
                version = Long.parseLong(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad version in control key 'rule/" + name + "@" + number + "'");
            }
            if (value == null) {
                NavigableMap<Long, RuleDefinition> kept = versions.get(name);
                if (kept != null) {
                    kept.remove(version);
                    if (kept.isEmpty()) {
                        versions.remove(name);
                    }
                }
            } else {
                RuleDefinition r = ControlRecords.rule(value);
                versions.computeIfAbsent(name, n -> new TreeMap<>()).put(version, named(name, r.name(), r));
            }
        }

        private void applySnooze(String ruleAndKey, byte[] value) {
            int slash = ruleAndKey.indexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException("control key 'snooze/" + ruleAndKey + "' names no rule and key");
            }
            String rule = ruleAndKey.substring(0, slash);
            String key = ruleAndKey.substring(slash + 1);
            if (value == null) {
                SortedMap<String, Snooze> byKey = snoozes.get(rule);
                if (byKey != null) {
                    byKey.remove(key);
                    if (byKey.isEmpty()) {
                        snoozes.remove(rule);
                    }
                }
                return;
            }
            Snooze s = ControlRecords.snooze(value);
            named(ruleAndKey, s.rule() + "/" + s.key(), s);
            snoozes.computeIfAbsent(rule, r -> new TreeMap<>()).put(key, s);
        }

        /** A tombstone removes {@code name}; a value, decoded, must name {@code name} too. */
        private static <T> void putOrRemove(Map<String, T> map, String name, byte[] value,
                                            java.util.function.Function<byte[], T> decode,
                                            java.util.function.Function<T, String> nameOf) {
            if (value == null) {
                map.remove(name);
            } else {
                T definition = decode.apply(value);
                map.put(name, named(name, nameOf.apply(definition), definition));
            }
        }

        private static <T> T named(String key, String name, T definition) {
            if (!key.equals(name)) {
                throw new IllegalArgumentException("control key names '" + key + "' but its value '" + name + "'");
            }
            return definition;
        }

        /** Moves the offset past records that were not applied (e.g. aborted transactions' markers). */
        void position(long next) {
            offset = Math.max(offset, next);
        }

        Catalog build() {
            return new Catalog(offset, streams, rules, versions, tokens, audit, snoozes, nodes, webhooks);
        }
    }
}
