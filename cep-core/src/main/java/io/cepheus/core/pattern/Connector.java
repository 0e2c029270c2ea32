package io.cepheus.core.pattern;

/** How a part of a {@link Sequence} joins the part before it. */
public enum Connector {
    /** Strict contiguity: Flink's {@code next}. */
    NEXT(Contiguity.STRICT),
    /** Relaxed contiguity: Flink's {@code followedBy}. */
    FOLLOWED_BY(Contiguity.RELAXED),
    /** Non-deterministic relaxed contiguity: Flink's {@code followedByAny}. */
    FOLLOWED_BY_ANY(Contiguity.NON_DETERMINISTIC),
    /** The very next event must not match: Flink's {@code notNext}. */
    NOT_NEXT(Contiguity.STRICT),
    /**
     * No matching event may occur before the next part (or, at the end of a pattern with a window,
     * before the window ends): Flink's {@code notFollowedBy}.
     */
    NOT_FOLLOWED_BY(Contiguity.RELAXED);

    private final Contiguity contiguity;

    Connector(Contiguity contiguity) {
        this.contiguity = contiguity;
    }

    /** The contiguity this connector imposes. */
    public Contiguity contiguity() {
        return contiguity;
    }

    /** Whether the part after this connector is a negation (it binds no events). */
    public boolean isNegation() {
        return this == NOT_NEXT || this == NOT_FOLLOWED_BY;
    }

    /** The connector that joins with the given contiguity. */
    public static Connector of(Contiguity contiguity) {
        return switch (contiguity) {
            case STRICT -> NEXT;
            case RELAXED -> FOLLOWED_BY;
            case NON_DETERMINISTIC -> FOLLOWED_BY_ANY;
        };
    }
}
