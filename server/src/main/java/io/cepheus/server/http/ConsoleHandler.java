package io.cepheus.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console at {@code /}: the single-page app that the {@code web-console} module builds and
 * packages under {@value #ROOT} on the class path. Files are answered as they are, with their content
 * type; the bundler's content-hashed files under {@code /assets/} may be cached for a year, everything
 * else is revalidated. A browser opening any other path that is not a file (it asks for HTML) is on
 * one of the app's own routes ({@code /rules/x}) and gets {@code index.html}, so a reload or a shared
 * link opens the same screen; other clients get a 404 problem, as for any unknown path.
 * Every answer carries a content security policy that lets the page load nothing but this server's
 * files and talk to nothing but this server, and no {@code Referer} (the live feed's URL carries a token).
 *
 * <p>Files are read from the class path once and kept. Thread-safe.
 */
final class ConsoleHandler {

    static final String ROOT = "META-INF/resources/console";
    private static final String INDEX = "index.html";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "woff2", "font/woff2",
            "txt", "text/plain; charset=utf-8",
            "map", "application/json");
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";

    private final ClassLoader loader;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    ConsoleHandler() {
        this(ConsoleHandler.class.getClassLoader());
    }

    ConsoleHandler(ClassLoader loader) {
        this.loader = loader;
    }

    /** Whether a request is the console's: a GET or HEAD outside {@code /api/}. */
    static boolean wants(HttpServerExchange exchange) {
        String method = exchange.getRequestMethod().toString();
        return (method.equals("GET") || method.equals("HEAD")) && !exchange.getRequestPath().startsWith("/api/");
    }

    /**
     * Answers a file of the console, or its {@code index.html} for one of its routes.
     *
     * @throws HttpProblem 404 for a missing file, a path that is not a page, or when the console is not in this build
     */
    void serve(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        String name = path.equals("/") ? INDEX : path.substring(1);
        Optional<byte[]> file = safe(name) ? read(name) : Optional.empty();
        if (file.isEmpty() && navigation(exchange) && !name.startsWith("assets/") && !lastSegment(name).contains(".")) {
            name = INDEX;
            file = read(INDEX);
        }
        if (file.isEmpty()) {
            throw HttpProblem.of(StatusCodes.NOT_FOUND, name.equals(INDEX)
                    ? "the web console is not in this build (the web-console module packages it)"
                    : "no resource at " + path);
        }
        var headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, TYPES.getOrDefault(extension(name), "application/octet-stream"));
        headers.put(Headers.CACHE_CONTROL, name.startsWith("assets/") ? IMMUTABLE : REVALIDATE);
        headers.put(HttpString.tryFromString("Content-Security-Policy"), POLICY);
        headers.put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        headers.put(HttpString.tryFromString("Referrer-Policy"), "no-referrer");
        headers.put(Headers.CONTENT_LENGTH, file.get().length);
        if (exchange.getRequestMethod().toString().equals("HEAD")) {
            exchange.endExchange();
            return;
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(file.get()));
    }

    /** A file of the console; the ones found are kept (not the paths asked for in vain: they are unbounded). */
    private Optional<byte[]> read(String name) {
        byte[] kept = files.get(name);
        if (kept != null) {
            return Optional.of(kept);
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + "/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            files.put(name, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A browser opening a page (it asks for HTML), not a client fetching a resource. */
    private static boolean navigation(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** A relative path of plain segments: no {@code ..}, {@code .}, empty segment or backslash. */
    private static boolean safe(String name) {
        if (name.isEmpty() || name.contains("\\") || name.length() > 200) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static String extension(String name) {
        String last = lastSegment(name);
        int dot = last.lastIndexOf('.');
        return dot < 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
