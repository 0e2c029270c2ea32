package io.cepheus.dsl;

import io.cepheus.core.window.Baseline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The baselines of one stream: one engine {@link Baseline} per distinct baseline expression
 * ({@code avg(amount) over last 30d}) written in any rule of the stream, in order of first use.
 * The index of a baseline is its slot: every engine that runs rules of the stream declares the whole
 * list, in this order. Filled while rules compile; read-only afterwards.
 */
final class BaselineTable {

    private final List<Baseline> baselines = new ArrayList<>();
    private final List<Type> types = new ArrayList<>();

    /** The slot of the baseline named {@code baseline.name()} (its canonical text), adding it if new. */
    int slot(Baseline baseline, Type type) {
        for (int i = 0; i < baselines.size(); i++) {
            if (baselines.get(i).name().equals(baseline.name())) {
                return i;
            }
        }
        baselines.add(baseline);
        types.add(type);
        return baselines.size() - 1;
    }

    List<Baseline> list() {
        return Collections.unmodifiableList(baselines);
    }
}
