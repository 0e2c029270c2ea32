package io.cepheus.server.webhooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One webhook request: an HTTP/1.1 {@code POST} to the address the {@link AddressGuard} checked — not
 * to a name resolved again, which {@code java.net.http.HttpClient} would do — with TLS for {@code
 * https} (SNI and the certificate checked against the URL's host, as any HTTPS client checks them).
 * Connections are kept alive ({@link Connections}): a request goes on an idle connection of the same
 * origin to the address just checked, if there is one, else on a new one; a connection whose answer
 * was read to its end (HTTP/1.1, no {@code Connection: close}, a body of known length up to {@value
 * #MAX_BODY} bytes) is given back for the next request, any other is closed. A request on a reused
 * connection that the server had closed meanwhile (no byte of an answer came) is sent once more on a
 * new connection: webhooks are at least once, and the receiver deduplicates on {@code webhook-id}.
 * Redirects are answers like any other (never followed). The whole exchange, name resolution
 * included, must end within the timeout: every read waits at most what is left of it. Of the answer,
 * the status line and headers are read (at most {@value #MAX_HEAD} bytes), and a body of at most
 * {@value #MAX_BODY} bytes; of an answer that is not 2xx, an excerpt of {@value #EXCERPT} characters
 * of it with control characters removed: an answer is untrusted input. Thread-safe; blocking (run it
 * on a virtual thread).
 */
final class HttpPost {

    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_BODY = 4 * 1024;
    static final int EXCERPT = 200;

    /**
     * An answer.
     *
     * @param status its status code
     * @param headers the headers the dispatcher reads ({@code retry-after}, {@code location}), lower-case names
     * @param excerpt the start of the body of an answer that is not 2xx, cleaned; empty otherwise
     */
    record Answer(int status, Map<String, String> headers, String excerpt) {}

    /** The connection closed (or was reset) before any byte of an answer came. */
    static final class NoAnswer extends IOException {
        private static final long serialVersionUID = 1L;

        NoAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An answer, and whether its connection can take the next request. */
    private record Exchange(Answer answer, boolean reusable) {}

    private final AddressGuard guard;
    private final SSLSocketFactory tls;
    private final Connections connections;

    /** @param perOrigin the most idle connections kept per origin */
    HttpPost(AddressGuard guard, SSLSocketFactory tls, int perOrigin) {
        this.guard = guard;
        this.tls = tls;
        this.connections = new Connections(perOrigin);
    }

    /**
     * Posts {@code body}.
     *
     * @throws AddressGuard.Refused if the host resolves to an address the guard refuses
     * @throws SocketTimeoutException if it took longer than {@code timeout}
     * @throws IOException if it could not connect, or the answer is not HTTP
     */
    Answer post(URI url, List<Map.Entry<String, String>> headers, byte[] body, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String host = AddressGuard.host(url);
        boolean secure = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() >= 0 ? url.getPort() : secure ? 443 : 80;
        InetAddress address = guard.resolve(host);
        Connections.Origin origin = new Connections.Origin(secure, host, port);
        byte[] request = request(url, host, port, secure, headers, body);
        try {
            java.util.Optional<Connections.Connection> idle = connections.take(origin, address);
            if (idle.isPresent()) {
                try {
                    return exchange(origin, idle.get(), request, deadline);
                } catch (NoAnswer e) {
                    // the server closed the idle connection: once more, on a new one
                }
            }
            return exchange(origin, new Connections.Connection(connect(address, host, port, secure, deadline), address),
                    request, deadline);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
        }
    }

    /** Closes the connections idle too long (run it every second or so). */
    void closeIdle() {
        connections.closeIdle();
    }

    /** Closes the idle connections (the ones in use close when their request ends). */
    void close() {
        connections.close();
    }

    /** One request on {@code c}, which is given back if its answer leaves it reusable, closed otherwise. */
    private Answer exchange(Connections.Origin origin, Connections.Connection c, byte[] request, long deadline)
            throws IOException {
        boolean keep = false;
        try {
            try {
                OutputStream out = c.socket.getOutputStream();
                out.write(request); // one write: no wait on Nagle's algorithm between head and body
                out.flush();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw c.reused ? new NoAnswer("the connection closed before the request was sent", e) : e;
            }
            Exchange x = read(c.socket, c.in, deadline);
            keep = x.reusable();
            return x.answer();
        } finally {
            if (keep) {
                connections.giveBack(origin, c);
            } else {
                c.close();
            }
        }
    }

    /** A connection to the checked address; for https, with TLS to {@code host} (SNI, certificate checked). */
    private Socket connect(InetAddress address, String host, int port, boolean secure, long deadline) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(address, port), left(deadline));
            if (!secure) {
                return plain;
            }
            SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!literal(host)) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
            ssl.setSSLParameters(p);
            ssl.setSoTimeout(left(deadline));
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static boolean literal(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    /** The request's head and body, as one array (sent in one write). */
    private static byte[] request(URI url, String host, int port, boolean secure,
                                  List<Map.Entry<String, String>> headers, byte[] body) {
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                + (port == (secure ? 443 : 80) ? "" : ":" + port);
        StringBuilder s = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(authority)
                .append("\r\nContent-Length: ").append(body.length).append("\r\n");
        for (Map.Entry<String, String> h : headers) {
            s.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        byte[] head = s.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** What is left until {@code deadline}, in whole milliseconds rounded up: a wait never ends before it. */
    private static int left(long deadline) throws SocketTimeoutException {
        long nanos = deadline - System.nanoTime();
        long ms = nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static Exchange read(Socket socket, InputStream in, long deadline) throws IOException {
        while (true) {
            String[] lines = readHead(socket, in, deadline);
            String[] status = lines[0].split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("\\d{3}")) {
                throw new IOException("the answer is not HTTP/1.x: " + clean(lines[0]));
            }
            int code = Integer.parseInt(status[1]);
            if (code < 200) {
                continue; // 1xx: an interim answer, the final one follows
            }
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            boolean keepAlive = status[0].equals("HTTP/1.1")
                    && !headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close");
            boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
            long length = chunked ? -1 : code == 204 || code == 304 ? 0 : contentLength(headers);
            if (code / 100 == 2) {
                // the body of a 2xx answer is not looked at; read to its end only to reuse the connection
                boolean read = (chunked || (length >= 0 && length <= MAX_BODY))
                        && body(socket, in, length, chunked, deadline).complete();
                return new Exchange(new Answer(code, Map.copyOf(headers), ""), keepAlive && read);
            }
            Body body = body(socket, in, length, chunked, deadline);
            String text = new String(body.bytes(), StandardCharsets.UTF_8);
            return new Exchange(new Answer(code, Map.copyOf(headers), clean(chunked ? unchunk(text) : text)),
                    keepAlive && body.complete());
        }
    }

    /** The Content-Length; -1 when there is none (the body ends when the connection closes). */
    private static long contentLength(Map<String, String> headers) {
        String length = headers.get("content-length");
        return length != null && length.matches("\\d{1,12}") ? Long.parseLong(length) : -1;
    }

    /** The status line and header lines, up to the blank line. */
    private static String[] readHead(Socket socket, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            socket.setSoTimeout(left(deadline));
            int b;
            try {
                b = in.read();
            } catch (java.net.SocketException e) {
                if (head.size() == 0) {
                    throw new NoAnswer("the connection was reset without an answer", e);
                }
                throw e;
            }
            if (b < 0) {
                if (head.size() == 0) {
                    throw new NoAnswer("the connection closed without an answer", null);
                }
                throw new IOException("the connection closed in the middle of the answer's headers");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("the answer's headers are longer than " + MAX_HEAD + " bytes");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n");
    }

    /** What was read of a body, and whether that is all of it. */
    private record Body(byte[] bytes, boolean complete) {}

    /**
     * At most {@link #MAX_BODY} bytes of the body: {@code length} bytes, or up to the end of a chunked
     * body, or up to the connection's close when neither is known; fewer when the connection closed, or
     * the deadline passed, first.
     */
    private static Body body(Socket socket, InputStream in, long length, boolean chunked, long deadline) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int max = (int) (length >= 0 ? Math.min(length, MAX_BODY) : MAX_BODY);
        byte[] buf = new byte[1024];
        try {
            while (body.size() < max && !(chunked && chunkedEnd(body.toByteArray()) != -1)) {
                socket.setSoTimeout(left(deadline));
                int n = in.read(buf, 0, Math.min(buf.length, max - body.size()));
                if (n < 0) {
                    break;
                }
                body.write(buf, 0, n);
            }
        } catch (IOException e) {
            // what came is enough for an excerpt (and the connection is not reused)
        }
        byte[] bytes = body.toByteArray();
        return new Body(bytes, chunked ? chunkedEnd(bytes) == bytes.length : length >= 0 && bytes.length == length);
    }

    /**
     * Where a chunked body at the start of {@code b} ends (after its last chunk and trailers); -1 while it
     * is not complete, -2 when it is not chunked data.
     */
    static int chunkedEnd(byte[] b) {
        int at = 0;
        while (true) {
            int eol = crlf(b, at);
            if (eol < 0) {
                return -1;
            }
            String size = new String(b, at, eol - at, StandardCharsets.ISO_8859_1).split(";", 2)[0].strip();
            if (!size.matches("[0-9a-fA-F]{1,7}")) {
                return -2;
            }
            int n = Integer.parseInt(size, 16);
            at = eol + 2;
            if (n == 0) {
                for (int end = crlf(b, at); end >= 0; end = crlf(b, at)) { // trailers, up to an empty line
                    if (end == at) {
                        return end + 2;
                    }
                    at = end + 2;
                }
                return -1;
            }
            at += n + 2;
            if (at > b.length) {
                return -1;
            }
        }
    }

    private static int crlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The data of a chunked body's chunks (as far as it goes). */
    static String unchunk(String text) {
        StringBuilder data = new StringBuilder();
        int at = 0;
        while (at < text.length()) {
            int eol = text.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            String size = text.substring(at, eol).split(";", 2)[0].strip();
            if (!size.matches("[0-9a-fA-F]{1,7}")) {
                break;
            }
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            int from = eol + 2;
            data.append(text, from, Math.min(text.length(), from + n));
            at = from + n + 2;
        }
        return data.toString();
    }

    /** At most {@link #EXCERPT} characters of untrusted text, without control characters. */
    static String clean(String text) {
        String flat = text.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}\\s]+", " ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "…";
    }
}
