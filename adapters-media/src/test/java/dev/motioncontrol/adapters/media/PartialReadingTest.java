package dev.motioncontrol.adapters.media;

import static dev.motioncontrol.domain.MediaFormat.Kind.IMAGE;
import static dev.motioncontrol.domain.MediaFormat.Kind.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.MediaFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The reader given a head, asking for what else it needs, as the fetcher will answer it: it ends where reading the
 * whole file ends, in a few rounds, and reads far less than the whole of a large file.
 */
class PartialReadingTest {

    private static final int KIB = 1024;
    private static final int MEDIA_BYTES = 5 * 1024 * 1024;

    static Stream<String> fixtures() {
        return Stream.of("video-2_9s-faststart.mp4", "video-3s-moov-last.mp4", "video-10s-faststart.mp4",
                "video-10s-moov-last.mp4", "video-30_1s-moov-last.mp4", "video-30s.webm", "video-10s.mov",
                "video-10s.m4v", "video-10s.3gp", "video-10s.mkv", "video-10s.avi", "video-10s-no-duration.webm",
                "video-10s-truncated.mp4", "image-300x300.png", "image-299x300.jpg", "image-300x300.webp",
                "image-300x300-lossless.webp", "image-40x30.gif", "image-40x30.bmp", "garbage.bin", "png-named.mp4");
    }

    @ParameterizedTest(name = "{0}, its length told")
    @MethodSource("fixtures")
    void endsFromASmallHeadWhereReadingTheWholeFileEnds(String fixture) {
        byte[] file = TestMedia.fixture(fixture);
        MediaFormat.Kind kind = fixture.startsWith("video") ? VIDEO : IMAGE;

        SimulatedFetch fetch = SimulatedFetch.read(file, 4 * KIB, kind);

        assertThat(fetch.reading).isEqualTo(new ContainerReader().readOrThrow(ContainerReaderTest.whole(file), kind));
        assertThat(fetch.rounds).isLessThanOrEqualTo(2);
        assertThat(fetch.askedForKnownBytes).isFalse();
        assertThat(fetch.askedPastTheEnd).isFalse();
    }

    @ParameterizedTest(name = "{0}, its length not told")
    @MethodSource("fixtures")
    void endsFromASmallHeadOfAFileOfUnknownLength(String fixture) {
        byte[] file = TestMedia.fixture(fixture);
        MediaFormat.Kind kind = fixture.startsWith("video") ? VIDEO : IMAGE;

        SimulatedFetch fetch = SimulatedFetch.read(file, 4 * KIB, false, kind, 3, true);

        assertThat(fetch.reading).isEqualTo(new ContainerReader().readOrThrow(ContainerReaderTest.whole(file), kind));
        assertThat(fetch.askedForKnownBytes).isFalse();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {TestMedia.TEN_MB, TestMedia.TEN_MB + 1})
    void readsALargePngFromItsHeadAlone(int size) {
        SimulatedFetch fetch = SimulatedFetch.read(TestMedia.paddedPng(300, 300, size), 64 * KIB, IMAGE);

        assertThat(fetch.reading).isEqualTo(new Reading.Image(MediaFormat.PNG, 300, 300));
        assertThat(fetch.rounds).isZero();
        assertThat(fetch.bytesTransferred).isLessThanOrEqualTo(64 * KIB);
    }

    @Test
    void readsALargeJpegFromItsHeadAlone() {
        SimulatedFetch fetch = SimulatedFetch.read(TestMedia.paddedJpeg(300, 300, TestMedia.TEN_MB), 64 * KIB, IMAGE);

        assertThat(fetch.reading).isEqualTo(new Reading.Image(MediaFormat.JPEG, 300, 300));
        assertThat(fetch.bytesTransferred).isLessThanOrEqualTo(64 * KIB);
    }

    @Test
    void asksForTheNextSegmentOfAJpegWhoseFrameHeaderIsPastItsHead() {
        byte[] jpeg = TestMedia.jpegWithSegmentsFirst(300, 300, 100 * KIB);

        SimulatedFetch fetch = SimulatedFetch.read(jpeg, 64 * KIB, IMAGE);

        assertThat(fetch.reading).isEqualTo(new Reading.Image(MediaFormat.JPEG, 300, 300));
        assertThat(fetch.asked).singleElement().satisfies(needs -> {
            assertThat(needs.offset()).as("the segment after the first 64 KiB comment").isEqualTo(2 + 65537);
            assertThat(needs.length()).isLessThanOrEqualTo(64 * KIB);
        });
        assertThat(fetch.bytesTransferred).isLessThanOrEqualTo(128 * KIB);
    }

    @Test
    void readsALargeMp4WithItsIndexFirstFromItsHeadAlone() {
        byte[] mp4 = TestMedia.largeMp4("video-10s-faststart.mp4", MEDIA_BYTES, true);

        SimulatedFetch fetch = SimulatedFetch.read(mp4, 64 * KIB, VIDEO);

        assertThat(fetch.reading).isEqualTo(new Reading.Video(MediaFormat.MP4, Optional.of(Duration.ofSeconds(10)),
                false));
        assertThat(fetch.rounds).isZero();
        assertThat(fetch.bytesTransferred).isLessThanOrEqualTo(256 * KIB);
    }

    @Test
    void asksForExactlyTheIndexOfALargeMp4WhenItsHeadSaysWhereItIs() {
        byte[] mp4 = TestMedia.largeMp4("video-10s-moov-last.mp4", MEDIA_BYTES, false);
        int moov = TestMedia.indexOf(mp4, "moov".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) - 4;

        SimulatedFetch fetch = SimulatedFetch.read(mp4, 64 * KIB, VIDEO);

        assertThat(fetch.reading).isEqualTo(new Reading.Video(MediaFormat.MP4, Optional.of(Duration.ofSeconds(10)),
                false));
        assertThat(fetch.asked).containsExactly(new Reading.Needs(moov, mp4.length - moov));
        assertThat(fetch.bytesTransferred).isLessThanOrEqualTo(64 * KIB + 256 * KIB);
    }

    @Test
    void asksForTheTailThenTheBoxHeaderBetweenWhenTheHeadEndsBeforeTheMediaData() {
        byte[] source = TestMedia.fixture("video-10s-moov-last.mp4");
        byte[] ftyp = TestMedia.box(source, "ftyp");
        byte[] mp4 = Boxes.concat(ftyp, Boxes.box("free", new byte[64 * KIB]), Boxes.box("mdat",
                new byte[MEDIA_BYTES]), TestMedia.box(source, "moov"));
        long mdat = ftyp.length + 8 + 64 * KIB;

        SimulatedFetch fetch = SimulatedFetch.read(mp4, 64 * KIB, VIDEO);

        assertThat(fetch.asked).containsExactly(new Reading.Needs(mp4.length - 256 * KIB, 256 * KIB),
                new Reading.Needs(mdat, 64 * KIB));
        assertThat(fetch.reading).isEqualTo(new Reading.Video(MediaFormat.MP4, Optional.of(Duration.ofSeconds(10)),
                false));
    }

    @Test
    void asksForTheTailFromTheEndWhenTheLengthIsNotTold() {
        byte[] mp4 = TestMedia.largeMp4("video-10s-moov-last.mp4", MEDIA_BYTES, false);

        SimulatedFetch fetch = SimulatedFetch.read(mp4, 64 * KIB, false, VIDEO, 3, true);

        assertThat(fetch.asked).containsExactly(new Reading.Needs(-256 * KIB, 256 * KIB));
        assertThat(fetch.reading).isEqualTo(new Reading.Video(MediaFormat.MP4, Optional.of(Duration.ofSeconds(10)),
                false));
    }

    @Test
    void estimatesALargeWebmWithoutDurationFromItsTail() {
        byte[] webm = TestMedia.largeWebm("video-10s-no-duration.webm", MEDIA_BYTES);

        SimulatedFetch fetch = SimulatedFetch.read(webm, 64 * KIB, false, VIDEO, 3, true);

        assertThat(fetch.asked).containsExactly(new Reading.Needs(-256 * KIB, 256 * KIB));
        Reading.Video video = (Reading.Video) fetch.reading;
        assertThat(video.durationEstimated()).isTrue();
        assertThat(video.duration()).hasValueSatisfying(duration ->
                assertThat(duration.toMillis()).isBetween(9_900L, 10_100L));
        assertThat(fetch.bytesTransferred).isLessThanOrEqualTo(64 * KIB + 256 * KIB);
    }
}
