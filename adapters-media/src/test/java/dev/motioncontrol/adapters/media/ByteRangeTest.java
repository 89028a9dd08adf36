package dev.motioncontrol.adapters.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void asksForARangeWithItsInclusiveLastByte() {
        assertThat(ByteRange.of(0, 65536).header()).isEqualTo("bytes=0-65535");
        assertThat(ByteRange.of(0, 1).header()).isEqualTo("bytes=0-0");
    }

    @Test
    void asksForTheLastBytesAsASuffix() {
        assertThat(ByteRange.last(8).header()).isEqualTo("bytes=-8");
    }

    @Test
    void rejectsAnEmptyRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> ByteRange.of(0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> ByteRange.of(-5, 10));
    }

    @Test
    void aNeedFromTheEndBecomesAbsoluteOnceTheTotalIsKnown() {
        assertThat(ByteRange.forNeeds(new Reading.Needs(-8, 8), OptionalLong.of(1000)))
            .hasValue(ByteRange.of(992, 8));
    }

    @Test
    void aNeedFromTheEndStaysASuffixWhileTheTotalIsUnknown() {
        assertThat(ByteRange.forNeeds(new Reading.Needs(-8, 8), OptionalLong.empty())).hasValue(ByteRange.last(8));
    }

    @Test
    void aNeedFromTheEndOfAShorterMediumStartsAtItsStart() {
        assertThat(ByteRange.forNeeds(new Reading.Needs(-4096, 4096), OptionalLong.of(100)))
            .hasValue(ByteRange.of(0, 100));
    }

    @Test
    void aNeedThatRunsPastTheEndIsCutThere() {
        assertThat(ByteRange.forNeeds(new Reading.Needs(900, 500), OptionalLong.of(1000)))
            .hasValue(ByteRange.of(900, 100));
    }

    @Test
    void aNeedWhollyPastTheEndAsksForNothing() {
        assertThat(ByteRange.forNeeds(new Reading.Needs(1000, 8), OptionalLong.of(1000))).isEmpty();
        assertThat(ByteRange.forNeeds(new Reading.Needs(0, 0), OptionalLong.empty())).isEmpty();
    }
}
