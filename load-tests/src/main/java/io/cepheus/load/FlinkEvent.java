package io.cepheus.load;

/**
 * The event as Flink sees it: a POJO (public fields, no-argument constructor), so Flink serializes
 * it with its POJO serializer rather than Kryo.
 */
public final class FlinkEvent {
    public String key;
    public String type;
    public long amount;
    public long timestamp;

    public FlinkEvent() {}

    public FlinkEvent(String key, String type, long amount, long timestamp) {
        this.key = key;
        this.type = type;
        this.amount = amount;
        this.timestamp = timestamp;
    }

    @Override
    public String toString() {
        return "FlinkEvent{" + key + ", " + type + ", " + amount + ", " + timestamp + "}";
    }
}
