package io.cepheus.server.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, and the cursor of the next one.
 *
 * @param items this page's items
 * @param next the cursor to pass as {@code cursor} for the next page; null on the last page
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
    }

    /** The most items a page may have. */
    public static final int MAX_LIMIT = 500;

    /** Items per page when none is asked for. */
    public static final int DEFAULT_LIMIT = 50;

    /** An opaque cursor after the item whose sort key is {@code key}. */
    static String cursorAfter(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sort key a cursor is after.
     *
     * @throws ApiException (invalid) if it is not a cursor this API gave
     */
    static Optional<String> keyOf(Optional<String> cursor) {
        return cursor.map(c -> {
            try {
                return new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("cursor '" + c + "' is not one this API gave (pass the 'next' of a page)");
            }
        });
    }

    /**
     * Checks a requested page size.
     *
     * @throws ApiException (invalid) if it is not 1 to {@value #MAX_LIMIT}
     */
    static int limit(Optional<Integer> limit) {
        int n = limit.orElse(DEFAULT_LIMIT);
        if (n < 1 || n > MAX_LIMIT) {
            throw ApiException.invalid("limit must be 1 to " + MAX_LIMIT + ", was " + n);
        }
        return n;
    }
}
