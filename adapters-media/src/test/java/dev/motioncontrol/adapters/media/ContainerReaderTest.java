package dev.motioncontrol.adapters.media;

import static dev.motioncontrol.domain.MediaFormat.Kind.IMAGE;
import static dev.motioncontrol.domain.MediaFormat.Kind.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import dev.motioncontrol.domain.MediaFormat;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every fixture read whole: its format from its bytes, its measures. */
class ContainerReaderTest {

    private final ContainerReader reader = new ContainerReader();

    @ParameterizedTest(name = "{0} is a {1} of {2} ms")
    @CsvSource({
        "video-2_9s-faststart.mp4, MP4, 2900", "video-2_9s-moov-last.mp4, MP4, 2900", "video-2_9s.webm, WEBM, 2900",
        "video-3s-faststart.mp4, MP4, 3000", "video-3s-moov-last.mp4, MP4, 3000", "video-3s.webm, WEBM, 3000",
        "video-10s-faststart.mp4, MP4, 10000", "video-10s-moov-last.mp4, MP4, 10000", "video-10s.webm, WEBM, 10000",
        "video-10_1s-faststart.mp4, MP4, 10100", "video-10_1s-moov-last.mp4, MP4, 10100",
        "video-10_1s.webm, WEBM, 10100",
        "video-30s-faststart.mp4, MP4, 30000", "video-30s-moov-last.mp4, MP4, 30000", "video-30s.webm, WEBM, 30000",
        "video-30_1s-faststart.mp4, MP4, 30100", "video-30_1s-moov-last.mp4, MP4, 30100",
        "video-30_1s.webm, WEBM, 30100",
        "video-10s.mov, MOV, 10000", "video-10s.m4v, M4V, 10000", "video-10s.3gp, THREE_GP, 10000",
        "video-10s.mkv, MATROSKA, 10000", "video-10s.avi, AVI, 10000",
    })
    void readsAVideosContainerAndHowLongItPlays(String fixture, MediaFormat format, long millis) {
        Reading reading = readWhole(fixture, VIDEO);

        assertThat(reading).isInstanceOf(Reading.Video.class);
        Reading.Video video = (Reading.Video) reading;
        assertThat(video.format()).isEqualTo(format);
        assertThat(video.durationEstimated()).isFalse();
        assertThat(video.duration()).hasValueSatisfying(duration ->
                assertThat(duration.toMillis()).isBetween(millis - 5, millis + 5));
    }

    @Test
    void estimatesAWebmWithoutDurationFromItsLastCluster() {
        Reading reading = readWhole("video-10s-no-duration.webm", VIDEO);

        Reading.Video video = (Reading.Video) reading;
        assertThat(video.format()).isEqualTo(MediaFormat.WEBM);
        assertThat(video.durationEstimated()).isTrue();
        assertThat(video.duration()).hasValueSatisfying(duration ->
                assertThat(duration.toMillis()).isBetween(9_900L, 10_100L));
    }

    @Test
    void saysAWebmWithoutDurationWhoseTailHoldsNoClusterPlaysForAnUnknownTime() {
        byte[] webm = TestMedia.fixture("video-10s-no-duration.webm");
        byte[] clusterId = {0x1F, 0x43, (byte) 0xB6, 0x75};
        byte[] beforeClusters = java.util.Arrays.copyOf(webm, TestMedia.indexOf(webm, clusterId));

        Reading reading = reader.readOrThrow(whole(beforeClusters), VIDEO);

        assertThat(reading).isEqualTo(new Reading.Video(MediaFormat.WEBM, Optional.empty(), false));
    }

    @ParameterizedTest(name = "{0} is a {1} of {2}×{3} px")
    @CsvSource({
        "image-299x300.png, PNG, 299, 300", "image-300x300.png, PNG, 300, 300",
        "image-299x300.jpg, JPEG, 299, 300", "image-300x300.jpg, JPEG, 300, 300",
        "image-299x300.webp, WEBP, 299, 300", "image-300x300.webp, WEBP, 300, 300",
        "image-299x300-lossless.webp, WEBP, 299, 300", "image-300x300-lossless.webp, WEBP, 300, 300",
        "image-40x30.gif, GIF, 40, 30", "image-40x30.bmp, BMP, 40, 30", "image-40x30.tiff, TIFF, 40, 30",
        "gif-named.png, GIF, 40, 30",
    })
    void readsAnImagesFormatAndDimensions(String fixture, MediaFormat format, int width, int height) {
        assertThat(readWhole(fixture, IMAGE)).isEqualTo(new Reading.Image(format, width, height));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"image-300x300.png", "image-299x300.jpg", "image-299x300.webp", "image-299x300-lossless.webp",
        "image-40x30.gif", "image-40x30.bmp"})
    void measuresImagesAsMetadataExtractorDoesReadingThemWhole(String fixture) throws Exception {
        byte[] bytes = TestMedia.fixture(fixture);
        Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
        String dimensions = null;
        for (Directory directory : metadata.getDirectories()) {
            String width = tagEnding(directory, "Width");
            String height = tagEnding(directory, "Height");
            if (dimensions == null && width != null && height != null) {
                dimensions = width + "×" + height;
            }
        }

        Reading.Image image = (Reading.Image) readWhole(fixture, IMAGE);

        assertThat(dimensions).isEqualTo(image.widthPx() + "×" + image.heightPx());
    }

    @Test
    void saysAnImageWhereAVideoIsRequiredIsAnImage() {
        assertThat(readWhole("png-named.mp4", VIDEO)).isEqualTo(new Reading.Unreadable(
                "is a PNG image, not a video; MP4, MOV, WEBM or M4V is required"));
    }

    @Test
    void saysAVideoWhereAnImageIsRequiredIsAVideo() {
        assertThat(readWhole("video-10s.webm", IMAGE)).isEqualTo(new Reading.Unreadable(
                "is a WEBM video, not an image; JPEG, PNG or WEBP is required"));
    }

    @Test
    void saysGarbageMatchesNoImageFormat() {
        assertThat(readWhole("garbage.bin", IMAGE)).isEqualTo(new Reading.Unreadable(
                "is not a JPEG, PNG or WEBP image (its first bytes match no image format the service knows)"));
    }

    @Test
    void saysGarbageMatchesNoVideoFormat() {
        assertThat(readWhole("garbage.bin", VIDEO)).isEqualTo(new Reading.Unreadable(
                "is not an MP4, MOV, WEBM or M4V video (its first bytes match no video format the service knows)"));
    }

    @Test
    void saysAnMp4CutInTheMiddleHasNoIndex() {
        assertThat(readWhole("video-10s-truncated.mp4", VIDEO)).isEqualTo(new Reading.Unreadable(
                "is a truncated MP4: it has no index (moov)"));
    }

    @Test
    void saysAnEmptyFileIsEmpty() {
        assertThat(reader.read(whole(new byte[0]), IMAGE)).isEqualTo(new Reading.Unreadable("is empty"));
    }

    @Test
    void saysAJpegCutBeforeItsFrameHeaderIsTruncated() {
        byte[] jpeg = TestMedia.jpegWithSegmentsFirst(300, 300, 1000);

        Reading reading = reader.readOrThrow(whole(java.util.Arrays.copyOf(jpeg, 600)), IMAGE);

        assertThat(reading).isEqualTo(new Reading.Unreadable(
                "is a truncated JPEG image: it ends before its size is given"));
    }

    @Test
    void readsImagesMadeAtTestTime() {
        assertThat(reader.readOrThrow(whole(TestMedia.png(300, 301)), IMAGE))
                .isEqualTo(new Reading.Image(MediaFormat.PNG, 300, 301));
        assertThat(reader.readOrThrow(whole(TestMedia.jpeg(301, 300)), IMAGE))
                .isEqualTo(new Reading.Image(MediaFormat.JPEG, 301, 300));
    }

    @Test
    void makesImagesOfTenMegabytesAndOneByteMore() {
        byte[] png = TestMedia.paddedPng(300, 300, TestMedia.TEN_MB + 1);
        byte[] jpeg = TestMedia.paddedJpeg(300, 300, TestMedia.TEN_MB);

        assertThat(png).hasSize(TestMedia.TEN_MB + 1);
        assertThat(jpeg).hasSize(TestMedia.TEN_MB);
        assertThat(reader.readOrThrow(whole(png), IMAGE)).isEqualTo(new Reading.Image(MediaFormat.PNG, 300, 300));
        assertThat(reader.readOrThrow(whole(jpeg), IMAGE)).isEqualTo(new Reading.Image(MediaFormat.JPEG, 300, 300));
    }

    @Test
    void readsAVersionOneMovieHeaderAndALargeSizeBox() {
        byte[] mp4 = Boxes.concat(Boxes.ftyp("isom", "iso2", "mp41"), Boxes.largeBox("free", 100),
                Boxes.box("moov", Boxes.mvhd(1, 600, 600 * 42)));

        Reading reading = reader.readOrThrow(whole(mp4), VIDEO);

        assertThat(reading).isEqualTo(new Reading.Video(MediaFormat.MP4, Optional.of(Duration.ofSeconds(42)), false));
    }

    @Test
    void readsAFragmentedMp4sDurationFromItsMovieExtendsHeader() {
        byte[] mp4 = Boxes.concat(Boxes.ftyp("iso6"), Boxes.box("moov", Boxes.mvhd(0, 1000, 0),
                Boxes.box("trak"), Boxes.box("mvex", Boxes.mehd(1, 12_500))), Boxes.box("moof"), Boxes.box("mdat"));

        Reading reading = reader.readOrThrow(whole(mp4), VIDEO);

        assertThat(reading).isEqualTo(new Reading.Video(MediaFormat.MP4, Optional.of(Duration.ofMillis(12_500)),
                false));
    }

    @Test
    void saysAFragmentedMp4WithoutMovieExtendsHeaderPlaysForAnUnknownTime() {
        byte[] mp4 = Boxes.concat(Boxes.ftyp("dash"), Boxes.box("moov", Boxes.mvhd(0, 1000, 0),
                Boxes.box("mvex", Boxes.box("trex"))), Boxes.box("moof"), Boxes.box("mdat"));

        Reading reading = reader.readOrThrow(whole(mp4), VIDEO);

        assertThat(reading).isEqualTo(new Reading.Video(MediaFormat.MP4, Optional.empty(), false));
    }

    @Test
    void readsAWebmDurationWrittenAsAFourByteFloatInItsOwnTimecodeScale() {
        byte[] webm = Elements.concat(Elements.element(0x1A45DFA3, Elements.element(0x4282, "webm".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII))), Elements.element(0x18538067, Elements.element(
                0x1549A966, Elements.element(0x2AD7B1, new byte[] {0x01, (byte) 0x86, (byte) 0xA0}),
                Elements.element(0x4489, java.nio.ByteBuffer.allocate(4).putFloat(42_000f).array()))));

        Reading reading = reader.readOrThrow(whole(webm), VIDEO);

        assertThat(reading).isEqualTo(new Reading.Video(MediaFormat.WEBM, Optional.of(Duration.ofMillis(4_200)),
                false));
    }

    @Test
    void saysAnEbmlFileOfAnotherDocTypeMatchesNoVideoFormat() {
        byte[] file = Elements.element(0x1A45DFA3, Elements.element(0x4282, "notwebm".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)));

        assertThat(reader.readOrThrow(whole(file), VIDEO)).isInstanceOf(Reading.Unreadable.class)
                .extracting(unreadable -> ((Reading.Unreadable) unreadable).reason()).asString()
                .startsWith("is not an MP4, MOV, WEBM or M4V video");
    }

    @ParameterizedTest(name = "brand {0} is {1}") // a brand no list knows: the MP4 it most likely is
    @CsvSource({"'qt  ', MOV", "M4VH, M4V", "3g2a, THREE_GP", "mp42, MP4", "avc1, MP4", "xyzw, MP4"})
    void namesTheContainerByItsBrand(String brand, MediaFormat format) {
        byte[] file = Boxes.concat(Boxes.ftyp(brand), Boxes.box("moov", Boxes.mvhd(0, 1000, 5000)));

        assertThat(reader.readOrThrow(whole(file), VIDEO)).isEqualTo(new Reading.Video(format,
                Optional.of(Duration.ofSeconds(5)), false));
    }

    @ParameterizedTest(name = "brands {0} and {1} are {2}")
    @CsvSource({"heic, mif1, HEIF", "avif, mif1, AVIF", "mif1, heic, HEIF", "mif1, avif, AVIF", "mif1, miaf, HEIF"})
    void namesHeifAndAvifImagesWhichTheProviderRefuses(String major, String compatible, MediaFormat format) {
        byte[] file = Boxes.concat(Boxes.ftyp(major, compatible), Boxes.box("meta"));

        assertThat(reader.readOrThrow(whole(file), IMAGE)).isEqualTo(new Reading.Unreadable("is "
                + (format == MediaFormat.AVIF ? "an AVIF" : "a HEIF") + " image; JPEG, PNG or WEBP is required"));
    }

    private Reading readWhole(String fixture, MediaFormat.Kind kind) {
        return reader.readOrThrow(whole(TestMedia.fixture(fixture)), kind);
    }

    static KnownBytes whole(byte[] bytes) {
        KnownBytes known = new KnownBytes(OptionalLong.of(bytes.length));
        known.add(0, bytes);
        return known;
    }

    private static String tagEnding(Directory directory, String suffix) {
        return directory.getTags().stream()
                .filter(tag -> tag.getTagName().endsWith(suffix) && !tag.getTagName().contains("Resolution"))
                .map(tag -> directory.getString(tag.getTagType()))
                .map(text -> text.replaceAll("[^0-9].*", ""))
                .findFirst().orElse(null);
    }
}
