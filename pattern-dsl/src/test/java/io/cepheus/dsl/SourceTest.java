package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceTest {

    static final String STREAM = "stream s {\n  time ts\n  fields {\n    a: long\n    ts: timestamp\n  }\n}\n";

    @Test
    void aLeadingByteOrderMarkIsNotPartOfTheText() {
        assertThat(Source.of("t.cep", "\ufeff" + STREAM).text()).isEqualTo(STREAM);
        assertThat(Source.of("t.cep", "a\ufeff").text()).isEqualTo("a\ufeff");
        assertThat(Source.of("t.cep", "").text()).isEmpty();
    }

    @Test
    void aFileWithAByteOrderMarkCompilesAndIsPositionedAsAnEditorShowsIt() {
        assertThat(RuleLanguage.check(Source.of("t.cep", "\ufeff" + STREAM))).isEmpty();

        List<Diagnostic> d = RuleLanguage.check(Source.of("t.cep", "\ufeffrule r { from nope pattern x where x: a > 1 }"));

        assertThat(d).extracting(Diagnostic::toString).first().isEqualTo("line 1:15: unknown stream 'nope'");
    }
}
