package io.cepheus.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signing as Standard Webhooks says, checked against the specification's example and an independent verifier. */
class SignaturesTest {

    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSpecificationsExampleSignsAsTheSpecificationSays() {
        assertThat(Signatures.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                BODY)).isEqualTo("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aNewSecretIsWhsecAnd256RandomBits() {
        String a = Signatures.newSecret();

        assertThat(a).startsWith("whsec_").isNotEqualTo(Signatures.newSecret());
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
    }

    @Test
    void duringARotationBothSecretsSignAndEachVerifies() {
        String current = Signatures.newSecret();
        String previous = Signatures.newSecret();
        Instant now = Instant.now();
        long ts = now.getEpochSecond();

        String header = Signatures.header(List.of(current, previous), "msg_1", ts, BODY);

        assertThat(header.split(" ")).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
        assertThat(new StandardWebhooksVerifier(current).verify("msg_1", Long.toString(ts), header, BODY, now)).isTrue();
        assertThat(new StandardWebhooksVerifier(previous).verify("msg_1", Long.toString(ts), header, BODY, now)).isTrue();
        assertThat(new StandardWebhooksVerifier(Signatures.newSecret())
                .verify("msg_1", Long.toString(ts), header, BODY, now)).as("another secret").isFalse();
        assertThat(new StandardWebhooksVerifier(current).verify("msg_2", Long.toString(ts), header, BODY, now))
                .as("another id").isFalse();
        assertThat(new StandardWebhooksVerifier(current).verify("msg_1", Long.toString(ts), header,
                "{\"test\": 1}".getBytes(StandardCharsets.UTF_8), now)).as("another body").isFalse();
        assertThat(new StandardWebhooksVerifier(current).verify("msg_1", Long.toString(ts), header, BODY,
                now.plusSeconds(600))).as("ten minutes later").isFalse();
    }

    @Test
    void aSecretWithoutItsPrefixIsRefused() {
        assertThatThrownBy(() -> Signatures.sign("abc", "msg_1", 1, BODY))
                .hasMessage("a signing secret starts with whsec_");
    }
}
