package io.cepheus.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The events of a match by step, in pattern order: an immutable map over two arrays, built once
 * per match without intermediate maps.
 */
final class StepEvents extends AbstractMap<String, List<Event>> {

    private final String[] steps;
    private final List<Event>[] events;

    /** @param events unmodifiable lists, non-empty, one per step in {@code steps} */
    StepEvents(String[] steps, List<Event>[] events) {
        this.steps = steps;
        this.events = events;
    }

    @Override
    public List<Event> get(Object key) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i].equals(key)) {
                return events[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return steps.length;
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super String, ? super List<Event>> action) {
        for (int i = 0; i < steps.length; i++) {
            action.accept(steps[i], events[i]);
        }
    }

    String step(int i) {
        return steps[i];
    }

    List<Event> events(int i) {
        return events[i];
    }

    @Override
    public Set<Entry<String, List<Event>>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, List<Event>>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < steps.length;
                    }

                    @Override
                    public Entry<String, List<Event>> next() {
                        if (i >= steps.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, List<Event>> e = new SimpleImmutableEntry<>(steps[i], events[i]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return steps.length;
            }
        };
    }
}
