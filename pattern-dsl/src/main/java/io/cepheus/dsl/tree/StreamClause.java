package io.cepheus.dsl.tree;

import java.util.List;
import java.util.Objects;

/** A clause of a stream declaration. */
public sealed interface StreamClause extends Node {

    /** {@code topic "payments"}: the Kafka topic. */
    record Topic(Expression.StringLiteral topic, Span span) implements StreamClause {}

    /** {@code time ts [format "iso8601"]}: the event-time field and how it is written. */
    record Time(Identifier field, Expression.StringLiteral format, Span span) implements StreamClause {
        /** @param format null when not given (epoch milliseconds or ISO-8601, detected) */
        public Time {
            Objects.requireNonNull(field, "field");
        }
    }

    /** {@code lateness 5s}: bounded out-of-orderness. */
    record Lateness(Expression.DurationLiteral duration, Span span) implements StreamClause {}

    /** {@code key card_id}: the field producers put in the Kafka record key. */
    record Key(Identifier field, Span span) implements StreamClause {}

    /** {@code id txn_id}: the field that identifies an event (the same value, the same event). */
    record Id(Identifier field, Span span) implements StreamClause {}

    /** {@code idle timeout 1m}: after this long without events the watermark follows the wall clock. */
    record IdleTimeout(Expression.DurationLiteral duration, Span span) implements StreamClause {}

    /** {@code fields { name: type ... }}. */
    record Fields(List<Field> fields, Span span) implements StreamClause {
        public Fields {
            fields = List.copyOf(fields);
        }
    }

    /** {@code name: type}. */
    record Field(Identifier name, Identifier type, Span span) implements Node {}
}
