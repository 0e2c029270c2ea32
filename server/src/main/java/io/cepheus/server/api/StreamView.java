package io.cepheus.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cepheus.dsl.StreamLayout;
import io.cepheus.server.control.StreamDefinition;
import java.util.List;
import java.util.Locale;

/**
 * A declared stream as the API shows it.
 *
 * @param name its name
 * @param version 1 for the first declaration, one more for each change; the entity tag is {@code "version"}
 * @param updated when this version was written (ISO-8601)
 * @param origin who wrote it: {@code api}, {@code files} (a rules directory) or {@code demo}
 * @param text its {@code stream} declaration in canonical form
 * @param topic the Kafka topic it reads
 * @param time its event-time field, if it declares one
 * @param key the field producers put in the record key, if it declares one
 * @param fields its fields in order, with their types
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamView(String name, long version, String updated, String origin, String text, String topic,
                         String time, String key, List<Field> fields) {

    /** A declared field. */
    public record Field(String name, String type) {}

    public StreamView {
        fields = List.copyOf(fields);
    }

    static StreamView of(StreamDefinition s) {
        StreamLayout l = Compiler.layout(s.name(), s.text()).orElse(null);
        return new StreamView(s.name(), s.version(), s.updated().toString(), s.origin(), s.text(),
                l == null ? s.name() : topicOf(l), l == null ? null : l.timeField(), l == null ? null : l.keyField(),
                l == null ? List.of() : l.fields().stream()
                        .map(f -> new Field(f.name(), f.type().name().toLowerCase(Locale.ROOT))).toList());
    }

    /** The topic a stream reads: the one it names, else its name (as the data plane reads it). */
    static String topicOf(StreamLayout l) {
        return l.topic() != null ? l.topic() : l.name();
    }
}
