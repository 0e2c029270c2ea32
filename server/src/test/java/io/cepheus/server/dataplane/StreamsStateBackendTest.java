package io.cepheus.server.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The physical keys of the one store: {@code name \0 key} in UTF-8, whatever the key holds. */
class StreamsStateBackendTest {

    @Test
    void aPhysicalKeyIsThePrefixAndTheKeyInUtf8AndGivesTheKeyBack() {
        byte[] prefix = StreamsStateBackend.prefix("events/key.keys");
        for (String key : List.of("", "k12345", "card|4711", "kä", "€ 5", "snow ☃ and 😀", "a\u007fz")) {
            Bytes physical = StreamsStateBackend.physicalKey(prefix, key);
            assertThat(physical.get()).as(key)
                    .isEqualTo(("events/key.keys\0" + key).getBytes(StandardCharsets.UTF_8));
            assertThat(StreamsStateBackend.logicalKey(prefix, physical)).isEqualTo(key);
        }
    }
}
