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
 * One webhook request: an HTTP/1.1 {@code POST} on a connection of its own to the address the
 * {@link AddressGuard} checked — not to a name resolved again, which {@code java.net.http.HttpClient}
 * would do — with TLS for {@code https} (SNI and the certificate checked against the URL's host, as
 * any HTTPS client checks them). Redirects are answers like any other (never followed). The whole
 * exchange, name resolution included, must end within the timeout: every read waits at most what is
 * left of it. Of the answer, the status line and headers are read (at most {@value #MAX_HEAD} bytes),
 * and of a body only for an answer that is not 2xx, at most {@value #MAX_BODY} bytes, for an excerpt
 * of {@value #EXCERPT} characters with control characters removed: an answer is untrusted input.
 * Stateless; thread-safe; blocking (run it on a virtual thread).
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

    private final AddressGuard guard;
    private final SSLSocketFactory tls;

    HttpPost(AddressGuard guard, SSLSocketFactory tls) {
        this.guard = guard;
        this.tls = tls;
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
        try (Socket socket = connect(address, host, port, secure, deadline)) {
            byte[] head = head(url, host, port, secure, headers, body.length);
            byte[] request = java.util.Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            OutputStream out = socket.getOutputStream();
            out.write(request); // one write: no wait on Nagle's algorithm between head and body
            out.flush();
            return read(socket, new java.io.BufferedInputStream(socket.getInputStream(), 8192), deadline);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
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

    private static byte[] head(URI url, String host, int port, boolean secure, List<Map.Entry<String, String>> headers,
                               int length) {
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                + (port == (secure ? 443 : 80) ? "" : ":" + port);
        StringBuilder s = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(authority)
                .append("\r\nContent-Length: ").append(length).append("\r\nConnection: close\r\n");
        for (Map.Entry<String, String> h : headers) {
            s.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return s.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int left(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static Answer read(Socket socket, InputStream in, long deadline) throws IOException {
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
            String excerpt = code / 100 == 2 ? "" : clean(body(socket, in, headers, deadline));
            return new Answer(code, Map.copyOf(headers), excerpt);
        }
    }

    /** The status line and header lines, up to the blank line. */
    private static String[] readHead(Socket socket, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            socket.setSoTimeout(left(deadline));
            int b = in.read();
            if (b < 0) {
                throw new IOException(head.size() == 0 ? "the connection closed without an answer"
                        : "the connection closed in the middle of the answer's headers");
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

    /** At most {@link #MAX_BODY} bytes of the body, as text; what arrived when the deadline passed. */
    private static String body(Socket socket, InputStream in, Map<String, String> headers, long deadline) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long length = headers.containsKey("content-length") && headers.get("content-length").matches("\\d{1,12}")
                ? Long.parseLong(headers.get("content-length")) : Long.MAX_VALUE;
        byte[] buf = new byte[1024];
        try {
            while (body.size() < Math.min(length, MAX_BODY)) {
                socket.setSoTimeout(left(deadline));
                int n = in.read(buf, 0, (int) Math.min(buf.length, Math.min(length, MAX_BODY) - body.size()));
                if (n < 0) {
                    break;
                }
                body.write(buf, 0, n);
            }
        } catch (IOException e) {
            // what came is enough for an excerpt
        }
        String text = body.toString(StandardCharsets.UTF_8);
        return "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? unchunk(text) : text;
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
