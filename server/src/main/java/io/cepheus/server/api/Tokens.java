package io.cepheus.server.api;

import io.cepheus.server.control.Catalog;
import io.cepheus.server.control.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens: 256 random bits, given to their holder once and kept only as their SHA-256 in the
 * control topic ({@code token/ID}), so every node authenticates every token. The first admin token
 * comes from {@code CEPHEUS_ADMIN_TOKEN}, or is generated at the first start ({@link #bootstrap}).
 * Thread-safe.
 */
public final class Tokens {

    /** The id of the first admin token. */
    static final String BOOTSTRAP = "bootstrap";
    private static final String PREFIX = "cph_";

    private final ControlWrites control;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Index index = new Index(null, Map.of());

    /** The tokens of one catalog, by hash. */
    private record Index(Catalog catalog, Map<String, TokenRecord> byHash) {}

    Tokens(ControlWrites control, AuditLog audit, Clock clock) {
        this.control = control;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The principal of a presented bearer token.
     *
     * @return empty if no current token has its hash
     */
    public Optional<Principal> authenticate(String presented) {
        Catalog catalog = control.catalog();
        Index i = index;
        if (i.catalog() != catalog) {
            Map<String, TokenRecord> byHash = new HashMap<>();
            catalog.tokens().values().forEach(t -> byHash.put(t.hash(), t));
            i = new Index(catalog, Map.copyOf(byHash));
            index = i;
        }
        TokenRecord t = i.byHash().get(hash(presented));
        return t == null ? Optional.empty() : Optional.of(new Principal(t.id(), t.name(), Role.ofLabel(t.role())));
    }

    /**
     * Makes a token. The answer is the only place its secret ever appears.
     *
     * @throws ApiException (invalid) for a bad name
     */
    public TokenView create(Principal by, String name, Role role) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ApiException.invalid("a token needs a name of 1 to 100 characters");
        }
        String secret = secret();
        TokenRecord t = new TokenRecord(HexFormat.of().formatHex(bytes(6)), name.strip(), role.label(), hash(secret),
                clock.instant(), by.tokenId());
        control.write(c -> c.put(t));
        TokenView view = TokenView.of(t);
        audit.record(by, "token.create", "token/" + t.id(), null, view);
        return view.withToken(secret);
    }

    /**
     * The token a request came with, as the API shows tokens (what a console asks to learn its role).
     *
     * @throws ApiException not found if it was revoked since it authenticated the request
     */
    public TokenView of(Principal caller) {
        TokenRecord t = control.catalog().tokens().get(caller.tokenId());
        if (t == null) {
            throw ApiException.notFound("token " + caller.tokenId() + " was revoked");
        }
        return TokenView.of(t);
    }

    /** Every token, by id. */
    public List<TokenView> list() {
        return control.catalog().tokens().values().stream().map(TokenView::of).toList();
    }

    /**
     * Revokes a token: from the next request on, on every node, it authenticates nothing.
     *
     * @throws ApiException not found; conflict for the last admin token
     */
    public void revoke(Principal by, String id) {
        TokenView before;
        synchronized (control.lock) {
            Catalog c = control.catalog();
            TokenRecord t = c.tokens().get(id);
            if (t == null) {
                throw ApiException.notFound("no token '" + id + "'");
            }
            long admins = c.tokens().values().stream().filter(x -> x.role().equals(Role.ADMIN.label())).count();
            if (t.role().equals(Role.ADMIN.label()) && admins == 1) {
                throw ApiException.conflict("token " + id + " is the last admin token: create another admin token first");
            }
            control.write(w -> w.revokeToken(id));
            before = TokenView.of(t);
        }
        audit.record(by, "token.revoke", "token/" + id, before, null);
    }

    /**
     * Makes sure there is an admin token: {@code configured} (written, or rewritten when it changed,
     * under id {@value #BOOTSTRAP}), else — when no admin token exists — a generated one.
     *
     * @return the generated token, to be shown once; empty when none was generated
     */
    public Optional<String> bootstrap(Optional<String> configured) {
        synchronized (control.lock) {
            Catalog c = control.catalog();
            if (configured.isPresent()) {
                String h = hash(configured.get());
                if (c.tokens().values().stream().noneMatch(t -> t.hash().equals(h))) {
                    control.write(w -> w.put(new TokenRecord(BOOTSTRAP, "CEPHEUS_ADMIN_TOKEN", Role.ADMIN.label(), h,
                            clock.instant(), BOOTSTRAP)));
                }
                return Optional.empty();
            }
            if (c.tokens().values().stream().anyMatch(t -> t.role().equals(Role.ADMIN.label()))) {
                return Optional.empty();
            }
            String secret = secret();
            control.write(w -> w.put(new TokenRecord(BOOTSTRAP, "first admin", Role.ADMIN.label(), hash(secret),
                    clock.instant(), BOOTSTRAP)));
            return Optional.of(secret);
        }
    }

    private String secret() {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The SHA-256 of a token's UTF-8 bytes, as lower-case hex. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
