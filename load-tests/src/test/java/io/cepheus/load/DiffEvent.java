package io.cepheus.load;

/** The differential test's event as Flink sees it: a POJO, so Flink serializes it without Kryo. */
public final class DiffEvent {
    public long line;
    public String key;
    public String type;
    public long v;
    public long ts;

    public DiffEvent() {}

    DiffEvent(DiffCase.Ev e) {
        this.line = e.line();
        this.key = e.key();
        this.type = e.type();
        this.v = e.v();
        this.ts = e.ts();
    }
}
