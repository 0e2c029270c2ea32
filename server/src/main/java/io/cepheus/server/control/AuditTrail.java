package io.cepheus.server.control;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The audit log as an immutable list, newest entry first: appending shares the older entries, so a
 * new {@link Catalog} after each batch costs one node per entry, not a copy of the log.
 */
final class AuditTrail implements Iterable<AuditEntry> {

    static final AuditTrail EMPTY = new AuditTrail(null, null);

    private final AuditEntry entry;
    private final AuditTrail older;

    private AuditTrail(AuditEntry entry, AuditTrail older) {
        this.entry = entry;
        this.older = older;
    }

    /** This log with {@code newest} in front. */
    AuditTrail plus(AuditEntry newest) {
        return new AuditTrail(newest, this);
    }

    @Override
    public Iterator<AuditEntry> iterator() {
        return new Iterator<>() {
            private AuditTrail next = AuditTrail.this;

            @Override
            public boolean hasNext() {
                return next.entry != null;
            }

            @Override
            public AuditEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                AuditEntry e = next.entry;
                next = next.older;
                return e;
            }
        };
    }
}
