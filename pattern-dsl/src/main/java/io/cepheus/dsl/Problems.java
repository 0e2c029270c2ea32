package io.cepheus.dsl;

import io.cepheus.dsl.tree.Node;
import io.cepheus.dsl.tree.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one run over one or more sources. Not thread-safe. */
final class Problems {

    private final List<Diagnostic> list = new ArrayList<>();
    private String source;

    Problems(String source) {
        this.source = source;
    }

    void source(String name) {
        this.source = name;
    }

    void error(Span span, String message) {
        add(Diagnostic.Severity.ERROR, span, message);
    }

    void error(Node node, String message) {
        error(node.span(), message);
    }

    void warning(Node node, String message) {
        add(Diagnostic.Severity.WARNING, node.span(), message);
    }

    void error(int line, int column, int length, String message) {
        Diagnostic d = new Diagnostic(Diagnostic.Severity.ERROR, source, line, column, length, message);
        if (!list.contains(d)) {
            list.add(d);
        }
    }

    private void add(Diagnostic.Severity severity, Span span, String message) {
        Diagnostic d = new Diagnostic(severity, source, span.line(), span.column(), span.end() - span.start(), message);
        if (!list.contains(d)) {
            list.add(d);
        }
    }

    boolean hasErrors() {
        return list.stream().anyMatch(Diagnostic::isError);
    }

    int errorCount() {
        int n = 0;
        for (Diagnostic d : list) {
            if (d.isError()) {
                n++;
            }
        }
        return n;
    }

    int size() {
        return list.size();
    }

    void addAll(List<Diagnostic> diagnostics) {
        list.addAll(diagnostics);
    }

    /** In source order: by source (first seen first), line, column. */
    List<Diagnostic> sorted() {
        List<String> sources = list.stream().map(Diagnostic::source).distinct().toList();
        List<Diagnostic> copy = new ArrayList<>(list);
        copy.sort(Comparator.<Diagnostic>comparingInt(d -> sources.indexOf(d.source()))
                .thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        return List.copyOf(copy);
    }
}
