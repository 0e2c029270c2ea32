package io.cepheus.server.config;

import io.cepheus.server.config.Parser.BadValue;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The value types of the options, each with the message that says what a bad value is not. */
final class Parsers {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:,]+:\\d{1,5}|\\[[0-9a-fA-F:.]+]:\\d{1,5}");
    private static final Pattern HOST = Pattern.compile("[^\\s,/]+");

    private Parsers() {}

    static final Parser<Integer> PORT = text -> {
        int port = wholeNumber(text, "is not a port number (0 to 65535; 0 picks a free port)");
        if (port > Ports.MAX) {
            throw new BadValue("is not a port number (0 to 65535; 0 picks a free port)");
        }
        return port;
    };

    static final Parser<Integer> COUNT = text -> wholeNumber(text, "is not a whole number of 0 or more");

    static final Parser<Integer> POSITIVE_COUNT = text -> {
        int n = wholeNumber(text, "is not a whole number of 1 or more");
        if (n < 1) {
            throw new BadValue("is not a whole number of 1 or more");
        }
        return n;
    };

    static final Parser<Duration> POSITIVE_DURATION = text -> duration(text).filter(d -> !d.isZero()).orElseThrow(() ->
            new BadValue("is not a duration above zero (a whole number with ms, s, m, h or d, e.g. 30s)"));

    /** A duration of zero or more. */
    static final Parser<Duration> DURATION = text -> duration(text).orElseThrow(() ->
            new BadValue("is not a duration (a whole number with ms, s, m, h or d, e.g. 5ms)"));

    /** 1 to 30 durations above zero, separated by commas. */
    static final Parser<java.util.List<Duration>> DURATIONS = text -> {
        String problem = "is not a list of 1 to 30 durations above zero (e.g. 5s,30s,2m)";
        String[] parts = text.split(",", -1);
        if (parts.length > 30) {
            throw new BadValue(problem);
        }
        java.util.List<Duration> durations = new java.util.ArrayList<>();
        for (String part : parts) {
            durations.add(duration(part.strip()).filter(d -> !d.isZero()).orElseThrow(() -> new BadValue(problem)));
        }
        return java.util.List.copyOf(durations);
    };

    /** An AES key: base64 of 16, 24 or 32 bytes. */
    static final Parser<String> AES_KEY = text -> {
        String problem = "is not an AES key (base64 of 16, 24 or 32 bytes; e.g. the output of openssl rand -base64 32)";
        try {
            int n = java.util.Base64.getDecoder().decode(text).length;
            if (n != 16 && n != 24 && n != 32) {
                throw new BadValue(problem);
            }
        } catch (IllegalArgumentException e) {
            throw new BadValue(problem);
        }
        return text;
    };

    /** A whole number and a unit ({@link DurationText}), zero included; empty if {@code text} is none. */
    private static java.util.Optional<Duration> duration(String text) {
        return text.matches("\\d{1,9}[a-z]{1,2}") ? DurationText.parse(text) : java.util.Optional.empty();
    }

    static final Parser<String> TOPIC_NAME = text -> {
        if (!TOPIC.matcher(text).matches() || text.equals(".") || text.equals("..")) {
            throw new BadValue("is not a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -, not . or ..)");
        }
        return text;
    };

    /** Kafka Streams takes the characters of topic names for an application id (it prefixes internal topics). */
    static final Parser<String> APPLICATION_ID = text -> {
        if (!TOPIC.matcher(text).matches() || text.length() > 200) {
            throw new BadValue("is not an application id (1 to 200 of a-z A-Z 0-9 . _ -)");
        }
        return text;
    };

    static final Parser<Boolean> BOOLEAN = text -> switch (text.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new BadValue("is not true or false");
    };

    static final Parser<String> BOOTSTRAP = text -> {
        boolean ok = !text.isEmpty() && Arrays.stream(text.split(",", -1)).map(String::strip)
                .allMatch(s -> HOST_PORT.matcher(s).matches());
        if (!ok) {
            throw new BadValue("is not a list of host:port (e.g. kafka1:9092,kafka2:9092)");
        }
        return Arrays.stream(text.split(",")).map(String::strip).collect(Collectors.joining(","));
    };

    static final Parser<String> HOST_NAME = text -> {
        if (!HOST.matcher(text).matches()) {
            throw new BadValue("is not a host name or IP address (e.g. 0.0.0.0 or 127.0.0.1)");
        }
        return text;
    };

    /** A directory that may not exist yet; it must not be a file. */
    static final Parser<Path> DIRECTORY_TO_CREATE = text -> {
        Path p = path(text);
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new BadValue("is not a directory");
        }
        return p;
    };

    /** A directory that exists. */
    static final Parser<Path> EXISTING_DIRECTORY = text -> {
        Path p = path(text);
        if (!Files.isDirectory(p)) {
            throw new BadValue(Files.exists(p) ? "is not a directory" : "does not exist");
        }
        return p;
    };

    static final Parser<ProcessingGuarantee> GUARANTEE = text -> {
        for (ProcessingGuarantee g : ProcessingGuarantee.values()) {
            if (g.configValue().equals(text.toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new BadValue("is not one of " + Arrays.stream(ProcessingGuarantee.values())
                .map(ProcessingGuarantee::configValue).collect(Collectors.joining(", ")));
    };

    /** A bearer token: 16 to 512 visible ASCII characters (RFC 6750's token68 and more). */
    static final Parser<String> TOKEN = text -> {
        if (!text.matches("[\\x21-\\x7E]{16,512}")) {
            throw new BadValue("is not a token (16 to 512 visible ASCII characters, no spaces)");
        }
        return text;
    };

    /** {@code *}, or origins {@code scheme://host[:port]} separated by commas. */
    static final Parser<java.util.List<String>> ORIGINS = text -> {
        java.util.List<String> origins = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
        boolean ok = origins.equals(java.util.List.of("*"))
                || origins.stream().allMatch(o -> o.matches("https?://[^\\s/,*]+"));
        if (!ok) {
            throw new BadValue("is not * or a list of origins (e.g. https://console.example.com,http://localhost:3000)");
        }
        return origins;
    };

    private static int wholeNumber(String text, String problem) throws BadValue {
        if (!text.matches("\\d{1,9}")) {
            throw new BadValue(problem);
        }
        return Integer.parseInt(text);
    }

    private static Path path(String text) throws BadValue {
        if (text.isBlank()) {
            throw new BadValue("is not a path");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadValue("is not a path");
        }
    }
}
