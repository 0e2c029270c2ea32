package io.cepheus.core;

/** What to drop when a key and rule hold more partial matches than allowed. */
public enum DropPolicy {
    /** Drop the partial matches that started first (they are the closest to timing out). */
    DROP_OLDEST,
    /** Keep the oldest; new partial matches beyond the cap are not kept. */
    DROP_NEWEST
}
