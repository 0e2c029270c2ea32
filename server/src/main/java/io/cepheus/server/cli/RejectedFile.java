package io.cepheus.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cepheus.server.backtest.EventRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --rejected} file of a backtest: every rejected or late line as one JSON object per
 * line, {@code {"input":"events.jsonl","line":3,"reason":"invalid_json","message":"..."}}, the
 * reason a stable code ({@link io.cepheus.server.runtime.RejectReason#code()}). Not thread-safe.
 */
final class RejectedFile implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Writer writer;

    private RejectedFile(Path path, Writer writer) {
        this.path = path;
        this.writer = writer;
    }

    /** Creates (or empties) the file. */
    static RejectedFile create(Path path) {
        try {
            return new RejectedFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UsageException("cannot write " + path + ": " + e.getMessage());
        }
    }

    Path path() {
        return path;
    }

    /** @throws UncheckedIOException if the file cannot be written */
    void write(EventRef event, String reason, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("input", event.input());
        o.put("line", event.line());
        o.put("reason", reason);
        o.put("message", message);
        try {
            writer.write(JSON.writeValueAsString(o));
            writer.write('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a rejected line as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
