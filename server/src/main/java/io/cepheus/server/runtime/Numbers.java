package io.cepheus.server.runtime;

import java.math.BigDecimal;

/**
 * Bounds on decimal numbers read from input. BigDecimal arithmetic costs time and memory in the
 * number of digits it has to line up: {@code 1e99999999} is 14 bytes of JSON, and adding 1.00 to it
 * makes a number of a hundred million digits. So a number is accepted only with at most {@link
 * #MAX_DIGITS} digits (its precision) and an exponent in scientific notation within ±{@link
 * #MAX_EXPONENT}: its scale is then within ±500, and a sum of such numbers has at most about a
 * thousand digits. Stateless.
 */
final class Numbers {

    static final int MAX_DIGITS = 100;
    static final int MAX_EXPONENT = 400;

    private Numbers() {}

    static boolean inBounds(BigDecimal n) {
        int precision = n.precision();
        long exponent = (long) precision - n.scale() - 1;
        return precision <= MAX_DIGITS && exponent >= -MAX_EXPONENT && exponent <= MAX_EXPONENT;
    }
}
