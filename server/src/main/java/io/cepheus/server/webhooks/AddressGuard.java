package io.cepheus.server.webhooks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF guard: webhooks go to public addresses only. A URL must be {@code http} or {@code https}
 * with a host; the host is resolved and every address it resolves to must be public, and the
 * dispatcher connects to the address checked here (never resolving the name again, so a DNS answer
 * that changes between check and connect — DNS rebinding — cannot send a delivery elsewhere).
 *
 * <p>Refused, for IPv4 and IPv6 alike (an IPv4 address inside an IPv6 one — mapped {@code
 * ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16} —
 * is judged as that IPv4 address): unspecified ({@code 0.0.0.0/8}, {@code ::}), loopback ({@code
 * 127.0.0.0/8}, {@code ::1}; allowed with {@code webhook.allow.loopback}), private ({@code 10/8},
 * {@code 172.16/12}, {@code 192.168/16}, shared {@code 100.64/10}, unique-local {@code fc00::/7},
 * site-local {@code fec0::/10}, local NAT64 {@code 64:ff9b:1::/48}), link-local ({@code 169.254/16},
 * {@code fe80::/10}) — cloud metadata services ({@code 169.254.169.254}, {@code fd00:ec2::254}) among
 * them —, multicast ({@code 224/4}, {@code ff00::/8}) and reserved ranges ({@code 240/4} with the
 * broadcast address, {@code 192.0.0/24}, {@code 198.18/15}, Teredo {@code 2001::/32}, discard
 * {@code 100::/64}, documentation {@code 2001:db8::/32}). Thread-safe.
 */
public final class AddressGuard {

    /** Resolves a host name (the JDK's resolver; tests give their own). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL or address the guard refuses; the message says why. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private static final int MAX_URL = 2048;

    private final boolean allowLoopback;
    private final Resolver resolver;

    /** @param allowLoopback whether loopback addresses are allowed ({@code webhook.allow.loopback}) */
    public AddressGuard(boolean allowLoopback) {
        this(allowLoopback, InetAddress::getAllByName);
    }

    AddressGuard(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /**
     * Checks an endpoint's URL when it is written: its form, and the addresses its host resolves to
     * now (a name that does not resolve yet is accepted; each attempt checks again).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public void checkUrl(String url) {
        URI uri = parse(url);
        try {
            resolve(host(uri));
        } catch (Refused e) {
            throw new IllegalArgumentException("url '" + url + "' is refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            // checked again at each attempt
        }
    }

    /**
     * The URL, checked for its form.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host, or has user
     *     info or a fragment, or is longer than 2,048 characters
     */
    static URI parse(String url) {
        if (url.length() > MAX_URL) {
            throw new IllegalArgumentException("url has more than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url '" + url + "' is not http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("url '" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url '" + url + "' has user info: credentials do not go in a webhook URL");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url '" + url + "' has a fragment (#...)");
        }
        return uri;
    }

    /** The URL's host, without the brackets of an IPv6 literal. */
    static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The address to connect to for {@code host}: the first it resolves to, once every address it
     * resolves to is allowed.
     *
     * @throws Refused if one of them is not allowed
     * @throws UnknownHostException if it does not resolve
     */
    InetAddress resolve(String host) throws Refused, UnknownHostException {
        InetAddress[] all = resolver.resolve(host);
        if (all.length == 0) {
            throw new UnknownHostException(host);
        }
        boolean literal = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        for (InetAddress a : all) {
            Optional<String> why = refusal(a.getAddress(), allowLoopback);
            if (why.isPresent()) {
                throw new Refused(host + (literal ? "" : " resolves to " + a.getHostAddress() + ", which") + " is "
                        + why.get());
            }
        }
        return all[0];
    }

    /** Why an address (4 or 16 bytes) is refused, or empty when it is allowed. */
    static Optional<String> refusal(byte[] a, boolean allowLoopback) {
        String why = a.length == 4 ? ipv4(a) : ipv6(a);
        if (why == null || (why.equals(LOOPBACK) && allowLoopback)) {
            return Optional.empty();
        }
        return Optional.of(why + (why.equals(LOOPBACK) ? " (webhook.allow.loopback=true allows it)" : "")
                + ": webhooks go to public addresses only");
    }

    private static final String LOOPBACK = "a loopback address";

    private static String ipv4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 0) {
            return "an unspecified address";
        }
        if (b0 == 127) {
            return LOOPBACK;
        }
        if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168) || (b0 == 100 && b1 >= 64
                && b1 <= 127)) {
            return "a private address";
        }
        if (b0 == 169 && b1 == 254) {
            return (a[2] & 0xff) == 169 && (a[3] & 0xff) == 254 ? "the cloud metadata address" : "a link-local address";
        }
        if (b0 >= 224 && b0 <= 239) {
            return "a multicast address";
        }
        if (b0 >= 240 || (b0 == 192 && b1 == 0 && a[2] == 0) || (b0 == 198 && (b1 == 18 || b1 == 19))) {
            return "a reserved address";
        }
        return null;
    }

    private static String ipv6(byte[] a) {
        int w0 = word(a, 0);
        int w1 = word(a, 2);
        if (zero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return ipv4(java.util.Arrays.copyOfRange(a, 12, 16)); // ::ffff:a.b.c.d, mapped
        }
        if (zero(a, 0, 12)) {
            if (zero(a, 12, 15)) {
                return a[15] == 0 ? "an unspecified address" : a[15] == 1 ? LOOPBACK : "a reserved address";
            }
            return ipv4(java.util.Arrays.copyOfRange(a, 12, 16)); // ::a.b.c.d, compatible (deprecated)
        }
        if (w0 == 0x64 && w1 == 0xff9b) {
            if (zero(a, 4, 12)) {
                return ipv4(java.util.Arrays.copyOfRange(a, 12, 16)); // NAT64
            }
            return word(a, 4) == 1 ? "a private address" : "a reserved address";
        }
        if (w0 == 0x2002) {
            return ipv4(java.util.Arrays.copyOfRange(a, 2, 6)); // 6to4
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return "a link-local address";
        }
        if ((w0 & 0xffc0) == 0xfec0 || (w0 & 0xfe00) == 0xfc00) {
            return w0 == 0xfd00 && w1 == 0x0ec2 && zero(a, 4, 14) && word(a, 14) == 0x254
                    ? "the cloud metadata address" : "a private address";
        }
        if ((w0 & 0xff00) == 0xff00) {
            return "a multicast address";
        }
        if ((w0 == 0x2001 && w1 == 0) || (w0 == 0x2001 && w1 == 0x0db8) || (w0 == 0x0100 && zero(a, 2, 8))) {
            return "a reserved address";
        }
        return null;
    }

    private static int word(byte[] a, int at) {
        return ((a[at] & 0xff) << 8) | (a[at + 1] & 0xff);
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
