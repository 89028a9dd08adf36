package dev.motioncontrol.adapters.media;

import static dev.motioncontrol.domain.MediaFormat.Kind.IMAGE;
import static dev.motioncontrol.domain.MediaFormat.Kind.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.motioncontrol.domain.MediaFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Corrupt, truncated and hostile bytes: the reader never throws (its parsing is run without the safety net that
 * {@link ContainerReader#read} keeps), never loops, never asks twice for the same bytes, and reads either something
 * valid or says the file cannot be read.
 */
class HostileBytesTest {

    private static final int ROUNDS = 4000;

    private static final List<String> SOURCES = List.of("image-300x300.png", "image-299x300.jpg",
            "image-300x300.webp", "image-300x300-lossless.webp", "image-40x30.gif", "image-40x30.bmp",
            "image-40x30.tiff", "video-3s-faststart.mp4", "video-3s-moov-last.mp4", "video-10s.mov", "video-10s.3gp",
            "video-3s.webm", "video-10s-no-duration.webm", "video-10s.mkv", "video-10s.avi", "garbage.bin");

    private static final long[] EXTREMES = {0, 1, 7, 8, 0x7FFFFFFFL, 0xFFFFFFFFL, 0x80000000L, 0x01FFFFFFL};

    @Test
    void mutatedAndTruncatedMediaGiveAReadingOrAReasonAndNeverAnError() {
        Random random = new Random(11);
        List<byte[]> sources = SOURCES.stream().map(TestMedia::fixture).toList();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < ROUNDS; round++) {
                byte[] file = mutate(sources.get(random.nextInt(sources.size())), random);
                MediaFormat.Kind kind = random.nextBoolean() ? IMAGE : VIDEO;
                int head = random.nextInt(file.length + 64);
                boolean lengthTold = random.nextBoolean();
                SimulatedFetch fetch;
                try {
                    fetch = SimulatedFetch.read(file, head, lengthTold, kind, 4, true);
                } catch (RuntimeException e) {
                    throw new AssertionError("round " + round + " threw", e);
                }
                assertValid(fetch, "round " + round);
            }
        });
    }

    @Test
    void randomBytesAfterEachMagicNumberGiveAReadingOrAReason() {
        Random random = new Random(12);
        List<byte[]> magics = List.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, ascii("RIFF\0\0\0\0WEBPVP8 "),
                ascii("RIFF\0\0\0\0WEBPVP8L"), ascii("RIFF\0\0\0\0WEBPVP8X"), ascii("RIFF\0\0\0\0AVI LIST"),
                new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, ascii("\0\0\0\u0018ftypisom"), ascii("GIF89a"),
                ascii("BM\0\0\0\0\0\0\0\0\0\0\0\0\u0028\0\0\0"), ascii("II*\0"), ascii("\0\0\0\u0010ftypheic"));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < ROUNDS; round++) {
                byte[] magic = magics.get(random.nextInt(magics.size()));
                byte[] file = Arrays.copyOf(magic, magic.length + random.nextInt(300));
                for (int i = magic.length; i < file.length; i++) {
                    file[i] = (byte) (random.nextInt(4) == 0 ? 0xFF : random.nextInt(4) == 0 ? 0 : random.nextInt());
                }
                SimulatedFetch fetch = SimulatedFetch.read(file, random.nextInt(file.length + 1), random.nextBoolean(),
                        random.nextBoolean() ? IMAGE : VIDEO, 4, true);
                assertValid(fetch, "round " + round);
            }
        });
    }

    @Test
    void anIndexClaimingAnExabyteIsAskedForInAWindowNotAllocated() {
        byte[] head = Boxes.concat(Boxes.ftyp("isom"), ByteBuffer.allocate(16).putInt(1)
                .put(ascii("moov")).putLong(1L << 60).array());
        KnownBytes known = new KnownBytes(OptionalLong.of(Long.MAX_VALUE / 2));
        known.add(0, head);

        Reading reading = new ContainerReader().readOrThrow(known, VIDEO);

        assertThat(reading).isEqualTo(new Reading.Needs(head.length - 16, 1024 * 1024));
    }

    @Test
    void aFileOfThousandsOfEmptyBoxesIsRefusedAfterABoundedWalk() {
        byte[] boxes = new byte[8 * 10_000];
        for (int at = 0; at < boxes.length; at += 8) {
            ByteBuffer.wrap(boxes, at, 8).putInt(8).put(ascii("free"));
        }
        byte[] file = Boxes.concat(Boxes.ftyp("isom"), boxes);

        Reading reading = new ContainerReader().readOrThrow(ContainerReaderTest.whole(file), VIDEO);

        assertThat(reading).isEqualTo(new Reading.Unreadable("is a damaged MP4: it has more than 4096 boxes before "
                + "its index"));
    }

    @Test
    void aWebmInfoClaimingPetabytesIsRefused() {
        byte[] webm = TestMedia.fixture("video-3s.webm");
        byte[] infoId = {0x15, 0x49, (byte) 0xA9, 0x66};
        // The first is the SeekHead's entry naming the Info; the second the Info itself.
        int info = TestMedia.indexOf(webm, infoId, TestMedia.indexOf(webm, infoId) + 1);
        byte[] hostile = Arrays.copyOf(webm, webm.length);
        hostile[info + 4] = 0x01;
        Arrays.fill(hostile, info + 5, info + 12, (byte) 0x7F);

        Reading reading = new ContainerReader().readOrThrow(ContainerReaderTest.whole(hostile), VIDEO);

        assertThat(reading).isEqualTo(new Reading.Unreadable("is a damaged WEBM: its Info is too large"));
    }

    @Test
    void theSafetyNetAnswersInsteadOfThrowing() {
        KnownBytes known = ContainerReaderTest.whole(TestMedia.fixture("image-300x300.png"));

        Reading reading = new ContainerReader().read(known, IMAGE);

        assertThat(reading).isEqualTo(new Reading.Image(MediaFormat.PNG, 300, 300));
    }

    private static void assertValid(SimulatedFetch fetch, String round) {
        assertThat(fetch.askedForKnownBytes).as(round + " asked for bytes it had").isFalse();
        assertThat(fetch.askedPastTheEnd).as(round + " asked past the end").isFalse();
        assertThat(fetch.reading).as(round).isNotNull();
        if (fetch.reading instanceof Reading.Image image) {
            assertThat(image.widthPx()).as(round).isPositive();
            assertThat(image.heightPx()).as(round).isPositive();
        } else if (fetch.reading instanceof Reading.Video video) {
            video.duration().ifPresent(duration -> assertThat(duration).as(round).isPositive());
        } else if (fetch.reading instanceof Reading.Unreadable unreadable) {
            assertThat(unreadable.reason()).as(round).isNotBlank().doesNotContain("\0");
        } else if (fetch.reading instanceof Reading.Needs needs) {
            assertThat(needs.length()).as(round).isPositive().isLessThanOrEqualTo(1024 * 1024);
        }
    }

    /** One of: bytes flipped, cut short, a 32-bit field set to an extreme, bytes inserted, a range repeated. */
    private static byte[] mutate(byte[] source, Random random) {
        byte[] file = Arrays.copyOf(source, source.length);
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    file[random.nextInt(file.length)] = (byte) random.nextInt();
                }
            }
            case 1 -> file = Arrays.copyOf(file, random.nextInt(file.length));
            case 2 -> {
                int at = random.nextInt(Math.max(1, file.length - 4));
                long value = EXTREMES[random.nextInt(EXTREMES.length)];
                ByteBuffer.wrap(file, at, 4).putInt((int) value);
            }
            case 3 -> {
                int at = random.nextInt(file.length);
                byte[] inserted = new byte[1 + random.nextInt(32)];
                random.nextBytes(inserted);
                file = Boxes.concat(Arrays.copyOf(file, at), inserted, Arrays.copyOfRange(file, at, file.length));
            }
            default -> {
                int from = random.nextInt(file.length);
                int to = Math.min(file.length, from + random.nextInt(512));
                file = Boxes.concat(Arrays.copyOf(file, to), Arrays.copyOfRange(file, from, file.length));
            }
        }
        return file;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
