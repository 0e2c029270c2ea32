package io.cepheus.server.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.cepheus.dsl.StreamLayout;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the declared field of each member of a record, guessing it from the order of the records
 * before.
 *
 * <p>Design: producers write the members of their records in the same order, record after record.
 * For each declared field, and for the start of a record, this keeps the declared field that
 * followed it last time; the parser is asked whether the next member has that name ({@link
 * JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}: a comparison of the raw
 * bytes, without decoding or hashing the name), and only when it has not is the name decoded and
 * looked up in a map. Undeclared members in between cost a failed guess each. The guesses are
 * shared by the threads that use the decoder and written without synchronization: a stale guess
 * only costs a lookup, never a wrong field (a hit compares the whole name, and {@code int} writes
 * are atomic); they are written only when they change, so a stable order writes nothing.
 */
final class MemberOrder {

    /** The member is not a declared field. */
    static final int UNDECLARED = -1;
    /** The object has no more members. */
    static final int END = -2;

    private final SerializedString[] names;
    private final Map<String, Integer> indices = new HashMap<>();
    private final int[] next;

    MemberOrder(List<StreamLayout.Field> fields) {
        this.names = new SerializedString[fields.size()];
        for (StreamLayout.Field f : fields) {
            names[f.index()] = new SerializedString(f.name());
            indices.put(f.name(), f.index());
        }
        this.next = new int[fields.size() + 1];
        Arrays.fill(next, UNDECLARED);
    }

    /** The "previous field" of the first member of a record. */
    int start() {
        return names.length;
    }

    /**
     * Moves the parser to the next member's name.
     *
     * @param previous the index of the last declared field of this record read so far, or {@link #start()}
     * @return the index of the member's declared field, {@link #UNDECLARED}, or {@link #END} (the
     *     parser is then on the object's end)
     */
    int nextMember(JsonParser p, int previous) throws IOException {
        int guess = next[previous];
        JsonToken t;
        if (guess >= 0) {
            if (p.nextFieldName(names[guess])) {
                return guess;
            }
            t = p.currentToken();
        } else {
            t = p.nextToken();
        }
        if (t != JsonToken.FIELD_NAME) {
            return END;
        }
        Integer found = indices.get(p.currentName());
        if (found == null) {
            return UNDECLARED;
        }
        if (guess != found) {
            next[previous] = found;
        }
        return found;
    }
}
