package io.cepheus.server.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test harness: a Server-Sent Events connection whose lines a thread collects until it is closed. */
final class SseClient implements AutoCloseable {

    final int status;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final Thread reader;

    /** Connects to {@code url}; {@code lastEventId} is sent as {@code Last-Event-ID} when not null. */
    SseClient(String url, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        this.status = response.statusCode();
        this.body = response.body();
        this.reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** The ids of the events received so far, in order. */
    List<String> ids() {
        return lines.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
    }

    /** The data lines of the events received so far, in order. */
    List<String> data() {
        return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
