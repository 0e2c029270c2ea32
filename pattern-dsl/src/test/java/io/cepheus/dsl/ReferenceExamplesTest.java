package io.cepheus.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples of docs/rule-language.md: every complete one parses, formats back to itself in tree, and checks. */
class ReferenceExamplesTest {

    private static final Path REFERENCE = Path.of("..", "docs", "rule-language.md");

    /** Code blocks that are whole files (they start with a stream, a rule or a comment). */
    static List<String> fileExamples() throws IOException {
        String text = Files.readString(REFERENCE);
        Matcher m = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            String block = m.group(1);
            if (block.startsWith("stream ") || block.startsWith("rule ") || block.startsWith("# ")) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    @Test
    void everyFileExampleParsesAndRoundTrips() throws IOException {
        List<String> examples = fileExamples();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
        for (String example : examples) {
            FormatterTest.assertRoundTrip(example);
        }
    }

    @Test
    void theFileExamplesCheckCleanlyWithTheirStreams() throws IOException {
        List<String> examples = fileExamples();
        List<Source> streams = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).contains("stream ")) {
                streams.add(Source.of("example-" + i, examples.get(i).replaceAll("(?s)\\nrule .*", "\n")));
            }
        }
        for (int i = 0; i < examples.size(); i++) {
            String rulesOnly = examples.get(i).replaceAll("(?s)stream \\w+ \\{.*?\\n}\\n", "");
            List<Source> sources = new ArrayList<>(streams);
            sources.add(Source.of("rules-" + i, rulesOnly));
            assertThat(RuleLanguage.check(sources)).as("example %d:%n%s", i, examples.get(i)).isEmpty();
        }
    }
}
