package dev.motioncontrol.adapters.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ContentRangeTest {

    @Test
    void readsTheRangeAndTheTotal() {
        assertThat(ContentRange.parse("bytes 0-65535/1048576"))
            .hasValue(new ContentRange(0, 65535, OptionalLong.of(1048576)));
    }

    @Test
    void readsARangeOfAnUnknownTotal() {
        assertThat(ContentRange.parse("bytes 992-999/*")).hasValue(new ContentRange(992, 999, OptionalLong.empty()));
    }

    @Test
    void refusesARangeThatEndsBeforeItStartsOrPastTheTotal() {
        assertThat(ContentRange.parse("bytes 10-9/100")).isEmpty();
        assertThat(ContentRange.parse("bytes 0-100/100")).isEmpty();
    }

    @Test
    void refusesWhatIsNoByteRange() {
        assertThat(ContentRange.parse(null)).isEmpty();
        assertThat(ContentRange.parse("items 0-1/2")).isEmpty();
        assertThat(ContentRange.parse("bytes 0-99999999999999999999/*")).isEmpty();
    }

    @Test
    void readsTheTotalOfAnUnsatisfiableRange() {
        assertThat(ContentRange.unsatisfiedTotal("bytes */0")).hasValue(0);
        assertThat(ContentRange.unsatisfiedTotal("bytes 0-1/2")).isEmpty();
    }
}
