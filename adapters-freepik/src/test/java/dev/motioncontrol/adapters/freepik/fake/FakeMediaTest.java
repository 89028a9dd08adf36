package dev.motioncontrol.adapters.freepik.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FakeMediaTest {

    @Test
    void sampleIsAnMp4File() {
        byte[] video = FakeMedia.bytes();

        assertThat(new String(Arrays.copyOfRange(video, 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    }

    @Test
    void sampleIsSmall() {
        assertThat(FakeMedia.size()).isBetween(1_000, 100_000);
    }

    @Test
    void callersCannotChangeTheSharedSample() {
        byte[] mine = FakeMedia.bytes();
        Arrays.fill(mine, (byte) 0);

        assertThat(FakeMedia.bytes()).isNotEqualTo(mine);
    }

    @Test
    void bufferShowsTheSameBytesReadOnly() {
        ByteBuffer buffer = FakeMedia.readOnlyBuffer();

        byte[] read = new byte[buffer.remaining()];
        buffer.get(read);
        assertThat(buffer.isReadOnly()).isTrue();
        assertThat(read).isEqualTo(FakeMedia.bytes());
    }

    @Test
    void servedUnderFakeMediaAsVideoMp4() {
        assertThat(FakeMedia.PATH_PREFIX).isEqualTo("/fake-media/");
        assertThat(FakeMedia.CONTENT_TYPE).isEqualTo("video/mp4");
    }
}
