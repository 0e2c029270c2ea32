package io.cepheus.server.api;

import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.WebhookDefinition;
import io.cepheus.server.webhooks.AddressGuard;
import io.cepheus.server.webhooks.Delivery;
import io.cepheus.server.webhooks.DeliveryLog;
import io.cepheus.server.webhooks.DeliveryWriter;
import io.cepheus.server.webhooks.Format;
import io.cepheus.server.webhooks.Router;
import io.cepheus.server.webhooks.SecretBox;
import io.cepheus.server.webhooks.Signatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Webhook endpoints over the control topic ({@code webhook/NAME}, their secrets encrypted by the
 * node's {@link SecretBox}), and their deliveries from this node's {@link DeliveryLog}: every node
 * answers alike. A test delivery or a replay is a pending record written to the deliveries topic
 * and read back before the answer; the dispatcher that owns its alerts partition runs it. Changes to
 * an endpoint need its current version ({@link IfMatch}) and are audited. Thread-safe.
 */
public final class Webhooks {

    /** A rule name, or words joined by {@code -} as {@code notify fraud-team} writes them. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*");
    private static final Pattern RULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_NAME = 100;
    private static final int MAX_DESCRIPTION = 1_000;
    private static final int MAX_LIST = 100;
    /** The longest rotation overlap. */
    static final Duration MAX_OVERLAP = Duration.ofDays(30);

    /**
     * What the webhook service stands on.
     *
     * @param log this node's delivery log
     * @param writer writes test and replayed deliveries
     * @param secrets encrypts and decrypts signing secrets
     * @param guard checks endpoint URLs (the SSRF guard)
     * @param alertPartitions the alerts topic's partitions (a test delivery goes to one of them)
     * @param nodeId this node's id: its API writes as {@code api:NODE}
     */
    public record Parts(DeliveryLog log, DeliveryWriter writer, SecretBox secrets, AddressGuard guard,
                        int alertPartitions, String nodeId) {}

    /** What rotating a secret answers. */
    public record Rotated(String secret, String previousValidUntil) {}

    private final ControlWrites control;
    private final AuditLog audit;
    private final Parts parts;
    private final Predicate<String> alertKnown;
    private final Clock clock;
    private final Duration timeout;

    Webhooks(ControlWrites control, AuditLog audit, Parts parts, Predicate<String> alertKnown, Clock clock,
             Duration timeout) {
        this.control = control;
        this.audit = audit;
        this.parts = parts;
        this.alertKnown = alertKnown;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Makes an endpoint with a new signing secret, given only in this answer.
     *
     * @throws ApiException invalid (a field, or a URL the SSRF guard refuses); conflict if the name is taken
     */
    public WebhookView create(Principal by, WebhookInput in) {
        String name = in.name().orElseThrow(() -> ApiException.invalid("field 'name' is required: the endpoint's name,"
                + " what a rule's notify names"));
        checkName(name);
        String url = in.url().orElseThrow(() -> ApiException.invalid("field 'url' is required: where deliveries go"));
        String secret = Signatures.newSecret();
        WebhookView view;
        synchronized (control.lock) {
            control.catalog().webhook(name).ifPresent(w -> {
                throw ApiException.conflict("webhook endpoint " + name + " exists: change it with PUT /api/v1/webhooks/"
                        + name);
            });
            Instant now = clock.instant();
            WebhookDefinition w = new WebhookDefinition(name, url(url), description(in.description().orElse("")),
                    rules(in.rules().orElse(List.of())), tags(in.tags().orElse(List.of())),
                    severity(in.minSeverity().orElse("")), format(in.format().orElse(Format.STANDARD.label())),
                    in.enabled().orElse(true), null, now, now, 1, parts.secrets().seal(name, secret), null, null);
            view = write(w);
        }
        audit.record(by, "webhook.create", target(name), null, view.audited());
        return view.withSecret(secret);
    }

    /** @throws ApiException not found */
    public WebhookView get(String name) {
        return view(current(control.catalog(), name));
    }

    /** Endpoints by name. @throws ApiException (invalid) for a bad cursor or limit */
    public Page<WebhookView> list(Optional<String> cursor, Optional<Integer> limit) {
        int n = Page.limit(limit);
        Optional<String> after = Page.keyOf(cursor);
        Catalog c = control.catalog();
        var all = after.map(a -> c.webhooks().tailMap(a + "\0")).orElse(c.webhooks());
        List<WebhookView> items = new ArrayList<>();
        for (WebhookDefinition w : all.values()) {
            if (items.size() == n) {
                return new Page<>(items, Page.cursorAfter(items.getLast().name()));
            }
            items.add(view(w));
        }
        return new Page<>(items, null);
    }

    /**
     * Changes an endpoint's settings (what the request gives); enabling it clears why it was disabled.
     *
     * @throws ApiException not found; precondition required or stale; invalid (a field, another name)
     */
    public WebhookView update(Principal by, String name, WebhookInput in, IfMatch ifMatch) {
        WebhookView before;
        WebhookView after;
        synchronized (control.lock) {
            WebhookDefinition w = current(control.catalog(), name);
            ifMatch.check("webhook endpoint " + name, w.version());
            in.name().filter(n -> !n.equals(name)).ifPresent(n -> {
                throw ApiException.invalid("the body names endpoint " + n + ", not " + name
                        + " (an endpoint's name is its id: create " + n + " with POST /api/v1/webhooks)");
            });
            boolean enabled = in.enabled().orElse(w.enabled());
            WebhookDefinition next = new WebhookDefinition(name, in.url().map(this::url).orElse(w.url()),
                    in.description().map(Webhooks::description).orElse(w.description()),
                    in.rules().map(Webhooks::rules).orElse(w.rules()), in.tags().map(Webhooks::tags).orElse(w.tags()),
                    in.minSeverity().isPresent() ? severity(in.minSeverity().get()) : w.minSeverity(),
                    in.format().map(Webhooks::format).orElse(w.format()), enabled,
                    enabled ? null : w.disabledReason(), w.created(), w.updated(), w.version(), w.secret(),
                    w.previousSecret(), w.previousUntil());
            before = view(w);
            if (next.equals(w)) {
                return before;
            }
            after = write(next.next(clock.instant()));
        }
        audit.record(by, "webhook.update", target(name), before.audited(), after.audited());
        return after;
    }

    /**
     * Deletes an endpoint; its unfinished deliveries are dead-lettered when they come due.
     *
     * @throws ApiException not found; precondition required or stale
     */
    public void delete(Principal by, String name, IfMatch ifMatch) {
        WebhookView before;
        synchronized (control.lock) {
            WebhookDefinition w = current(control.catalog(), name);
            ifMatch.check("webhook endpoint " + name, w.version());
            before = view(w);
            control.write(t -> t.deleteWebhook(name));
        }
        audit.record(by, "webhook.delete", target(name), before.audited(), null);
    }

    /**
     * Gives the endpoint a new secret; the current one signs too (a second signature) for {@code
     * overlap}, so that receivers can switch without losing a delivery.
     *
     * @throws ApiException not found; invalid overlap (negative or above 30 days)
     */
    public Rotated rotateSecret(Principal by, String name, Duration overlap) {
        if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw ApiException.invalid("overlap must be 0 to " + MAX_OVERLAP.toDays() + " days, was " + overlap);
        }
        String secret = Signatures.newSecret();
        Instant until;
        WebhookView after;
        synchronized (control.lock) {
            WebhookDefinition w = current(control.catalog(), name);
            Instant now = clock.instant();
            until = now.plus(overlap);
            after = write(w.withSecret(parts.secrets().seal(name, secret), overlap.isZero() ? null : until).next(now));
        }
        audit.record(by, "webhook.rotate-secret", target(name), null, after.audited());
        return new Rotated(secret, until.toString());
    }

    /**
     * Queues a test delivery (type {@code alert.test}, a synthetic alert) to the endpoint.
     *
     * @throws ApiException not found; conflict when the endpoint is disabled
     */
    public DeliveryView test(Principal by, String name) {
        enabled(name);
        Delivery d = Delivery.test(name, parts.alertPartitions(), clock.instant(), writer());
        DeliveryView view = written(List.of(d)).getFirst();
        audit.record(by, "webhook.test", target(name), null, view);
        return view;
    }

    /**
     * An endpoint's deliveries, newest first.
     *
     * @throws ApiException not found; invalid status or cursor or limit
     */
    public Page<DeliveryView> deliveries(String name, Optional<String> status, Optional<String> cursor,
                                         Optional<Integer> limit) {
        current(control.catalog(), name);
        int n = Page.limit(limit);
        Optional<Delivery.Status> s;
        try {
            s = status.map(Delivery.Status::ofLabel);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        DeliveryLog.Listing l;
        try {
            l = parts.log().page(name, s, Page.keyOf(cursor), n);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor is not one this API gave (pass the 'next' of a page)");
        }
        return new Page<>(l.items().stream().map(DeliveryView::of).toList(),
                l.next() == null ? null : Page.cursorAfter(l.next()));
    }

    /**
     * Queues a dead delivery again (same webhook-id); its attempts so far stay in its log.
     *
     * @throws ApiException not found (endpoint, delivery); conflict when the endpoint is disabled or the
     *     delivery is not dead
     */
    public DeliveryView replay(Principal by, String name, String id) {
        enabled(name);
        Delivery d = parts.log().get(id).filter(x -> x.endpoint().equals(name))
                .orElseThrow(() -> ApiException.notFound("endpoint " + name + " has no delivery " + id));
        if (d.status() != Delivery.Status.DEAD) {
            throw ApiException.conflict("delivery " + id + " is " + d.status().label() + ": only a dead delivery is"
                    + " replayed");
        }
        DeliveryView view = written(List.of(d.replayed(clock.instant(), writer()))).getFirst();
        audit.record(by, "webhook.replay", target(name), null, Map.of("deliveries", List.of(id)));
        return view;
    }

    /**
     * Queues again every dead delivery of the endpoint made at or after {@code since}.
     *
     * @return how many
     * @throws ApiException not found; conflict when the endpoint is disabled
     */
    public int replaySince(Principal by, String name, Instant since) {
        enabled(name);
        Instant now = clock.instant();
        List<Delivery> again = parts.log().dead(name, since).stream().map(d -> d.replayed(now, writer())).toList();
        if (!again.isEmpty()) {
            written(again);
            audit.record(by, "webhook.replay", target(name), null, Map.of("since", since.toString(), "queued",
                    again.size()));
        }
        return again.size();
    }

    /** @throws ApiException not found when the index holds no such alert and no delivery names it */
    public List<DeliveryView> ofAlert(String alertId) {
        List<Delivery> all = parts.log().ofAlert(alertId);
        if (all.isEmpty() && !alertKnown.test(alertId)) {
            throw ApiException.notFound("no alert " + alertId + " in the index");
        }
        return all.stream().map(DeliveryView::of).toList();
    }

    /** Writes deliveries and waits until the log holds them; their views as it holds them. */
    private List<DeliveryView> written(List<Delivery> ds) {
        try {
            parts.log().awaitOffset(parts.writer().writeAll(ds), timeout);
        } catch (IllegalStateException e) {
            throw ApiException.unavailable("Kafka did not confirm the deliveries within " + timeout.toSeconds()
                    + " s; they may or may not be queued: read them again before retrying", ControlWrites.RETRY_AFTER);
        }
        return ds.stream().map(d -> DeliveryView.of(parts.log().get(d.id()).orElse(d))).toList();
    }

    private void enabled(String name) {
        WebhookDefinition w = current(control.catalog(), name);
        if (!w.enabled()) {
            throw ApiException.conflict("webhook endpoint " + name + " is disabled" + (w.disabledReason() == null ? ""
                    : " (" + w.disabledReason() + ")") + ": enable it first (PUT with \"enabled\": true)");
        }
    }

    private String writer() {
        return "api:" + parts.nodeId();
    }

    private WebhookView write(WebhookDefinition w) {
        Catalog c = control.write(t -> t.put(w));
        return view(c.webhook(w.name()).orElse(w));
    }

    private WebhookView view(WebhookDefinition w) {
        Instant now = clock.instant();
        return WebhookView.of(w, parts.log().stats(w.name(), now), now);
    }

    private static WebhookDefinition current(Catalog c, String name) {
        return c.webhook(name).orElseThrow(() -> ApiException.notFound("no webhook endpoint " + name));
    }

    private static void checkName(String name) {
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw ApiException.invalid("name '" + name + "' is not an endpoint name (a rule name, or such words joined"
                    + " by '-', as in notify fraud-team; at most " + MAX_NAME + " characters)");
        }
    }

    private String url(String url) {
        try {
            parts.guard().checkUrl(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        return url;
    }

    private static String description(String d) {
        if (d.length() > MAX_DESCRIPTION) {
            throw ApiException.invalid("description has more than " + MAX_DESCRIPTION + " characters");
        }
        return d;
    }

    private static List<String> rules(List<String> rules) {
        for (String r : rules) {
            if (!r.equals(Router.ANY_RULE) && !RULE.matcher(r).matches()) {
                throw ApiException.invalid("rules: '" + r + "' is not a rule name (or * for every rule)");
            }
        }
        return distinct("rules", rules);
    }

    private static List<String> tags(List<String> tags) {
        for (String t : tags) {
            if (t.isBlank() || t.length() > MAX_NAME) {
                throw ApiException.invalid("tags: a tag is 1 to " + MAX_NAME + " characters, not blank");
            }
        }
        return distinct("tags", tags);
    }

    private static List<String> distinct(String field, List<String> values) {
        if (values.size() > MAX_LIST) {
            throw ApiException.invalid(field + " has more than " + MAX_LIST + " entries");
        }
        return List.copyOf(new LinkedHashSet<>(values));
    }

    /** {@code ""} is none. */
    private static String severity(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (!Router.SEVERITIES.contains(s)) {
            throw ApiException.invalid("minSeverity '" + s + "' is not one of " + String.join(", ", Router.SEVERITIES));
        }
        return s;
    }

    private static String format(String f) {
        try {
            return Format.ofLabel(f).label();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    private static String target(String name) {
        return "webhook/" + name;
    }
}
