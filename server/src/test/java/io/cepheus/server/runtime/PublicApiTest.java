package io.cepheus.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime package shows the decoder, its rejections and limits, and the time check; the rest is package-private. */
class PublicApiTest {

    private static final List<Class<?>> CLASSES = List.of(EventDecoder.class, RejectReason.class,
            RejectedEventException.class, InputLimits.class, TimeHorizon.class, FieldReader.class, MemberOrder.class,
            IsoTime.class, Utf8.class, Numbers.class, Json.class, Rejections.class);

    @Test
    void onlyTheDecoderItsRejectionsAndLimitsArePublic() {
        assertThat(CLASSES.stream().filter(c -> Modifier.isPublic(c.getModifiers())).map(Class::getSimpleName))
                .containsExactlyInAnyOrder("EventDecoder", "RejectReason", "RejectedEventException", "InputLimits",
                        "TimeHorizon");
    }

    @Test
    void reasonCodesAreStableSnakeCase() {
        assertThat(List.of(RejectReason.values())).extracting(RejectReason::code).containsExactly("invalid_json",
                "not_an_object", "wrong_type", "missing_time", "missing_id", "time_out_of_range", "too_far_ahead",
                "number_out_of_range", "invalid_utf8", "oversize", "late", "key_mismatch");
    }
}
