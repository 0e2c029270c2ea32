package io.cepheus.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every option with its variable and default, as the code has them. */
class ConfigurationDocTest {

    static final Path DOC = Path.of(System.getProperty("cepheus.docs", "../docs"), "configuration.md");

    @Test
    void everyOptionHasItsRowInTheDocumentation() throws IOException {
        String doc = Files.readString(DOC);

        for (OptionDescription o : OptionDescription.all()) {
            String row = "| `" + o.key() + "` | `" + o.environmentVariable() + "` | "
                    + o.defaultValue().map(d -> "`" + d + "`").orElse("unset") + " |";
            assertThat(doc).as(o.key()).contains(row);
        }
        assertThat(doc.lines().filter(l -> l.startsWith("| `")).count()).isEqualTo(OptionDescription.all().size());
    }
}
