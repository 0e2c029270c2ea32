package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cepheus.dsl.tree.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer: valid rule files (the examples, generated rules, the error table) are
 * cut, spliced and sprinkled with tokens and odd characters, and every mutant goes through parse,
 * check, compile and format. The language must answer each with diagnostics — never an exception,
 * never a diagnostic without a position — and the formatter's output must parse back to the same
 * tree.
 *
 * <p>The default build runs {@code fuzz.iterations} mutants (4,000: a few seconds). For a long
 * run: {@code ./mvnw -pl pattern-dsl -Pfuzz test -Dtest=ParserFuzzTest} (400,000), optionally with
 * {@code -Dfuzz.seed=N} and {@code -Dfuzz.iterations=N}; a failure prints the seed and the mutant.
 */
class ParserFuzzTest {

    private static final String[] TOKENS = {
        "rule", "stream", "pattern", "where", "within", "not", "->", "->>", "|", "(", ")", "{", "}", "+", "*", "?", "+?",
        "{3,}", ":", ",", ".", "\"", "'", "${", "}", "#", "`", "and", "or", "in", "like", "matches", "is null", "null",
        "until", "consecutive", "any", "after match skip to first", "alert on timeout", "suppress per", "==", "=", "&&",
        "5min", "1h30m", "99999999999999999999", "1e999", "2.5", "count(", "first(", "prev(", "\\", "\n", "\t", "\u00e9",
        "\u0000", "\uD83D\uDE00", "((((((((((", "))))))))))", "fields { a: long }", "from s", "partition by"
    };

    @Test
    void everyMutantGetsPositionedDiagnosticsAndNeverAnException() {
        long seed = Long.getLong("fuzz.seed", 20261124L);
        int iterations = Integer.getInteger("fuzz.iterations", 4000);
        Random random = new Random(seed);
        List<String> corpus = corpus(seed);
        for (int i = 0; i < iterations; i++) {
            String mutant = mutate(corpus.get(random.nextInt(corpus.size())), random);
            try {
                exercise(mutant);
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ", iteration " + i + ", mutant:\n" + mutant, t);
            }
        }
    }

    private static List<String> corpus(long seed) {
        List<String> corpus = new ArrayList<>();
        corpus.add(ExamplesTest.example("payments.cep"));
        RandomRules generator = new RandomRules(seed);
        for (int i = 0; i < 20; i++) {
            corpus.add(generator.file(2));
        }
        ErrorMessagesTest.mistakes().forEach(a -> corpus.add((String) a.get()[1]));
        return corpus;
    }

    private static String mutate(String text, Random random) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = b.isEmpty() ? 0 : random.nextInt(b.length());
            int len = b.isEmpty() ? 0 : random.nextInt(Math.min(40, b.length() - at) + 1);
            switch (random.nextInt(6)) {
                case 0 -> b.delete(at, at + len);
                case 1 -> b.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> b.insert(at, b.substring(at, at + len));
                case 3 -> b.insert(at, (char) random.nextInt(0x250));
                case 4 -> {
                    int other = b.isEmpty() ? 0 : random.nextInt(b.length());
                    String piece = b.substring(at, at + len);
                    b.delete(at, at + len);
                    b.insert(Math.min(other, b.length()), piece);
                }
                default -> {
                    if (len > 0) {
                        b.replace(at, at + 1, TOKENS[random.nextInt(TOKENS.length)]);
                    }
                }
            }
        }
        return b.toString();
    }

    private static void exercise(String text) {
        Source source = Source.of("fuzz.cep", text);
        List<Diagnostic> diagnostics = RuleLanguage.check(source);
        for (Diagnostic d : diagnostics) {
            assertThat(d.line()).isPositive();
            assertThat(d.column()).isPositive();
            assertThat(d.message()).isNotBlank();
            assertThat(d.render(text)).startsWith("fuzz.cep:" + d.line() + ":" + d.column() + ": ");
        }
        if (diagnostics.stream().noneMatch(Diagnostic::isError)) {
            assertThat(RuleLanguage.compile(source).rules()).isNotNull();
        }
        ParseResult parsed = RuleLanguage.parse(source);
        if (parsed.tree().isPresent()) {
            SourceFile tree = parsed.tree().get();
            String formatted = RuleLanguage.format(tree);
            ParseResult again = RuleLanguage.parse(Source.of("formatted.cep", formatted));
            assertThat(again.diagnostics()).as("formatted text:\n%s", formatted).isEmpty();
            assertThat(FormatterTest.shape(again.tree().orElseThrow())).isEqualTo(FormatterTest.shape(tree));
        } else {
            assertThat(parsed.diagnostics()).anyMatch(Diagnostic::isError);
        }
    }
}
