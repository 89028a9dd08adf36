package dev.motioncontrol.adapters.freepik.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The video every completed fake task "generated": a small valid MP4 (H.264, 320×240, 2 s, about 10 KB)
 * that any player can open, to be served under {@link #PATH_PREFIX} with {@link #CONTENT_TYPE}. It is
 * read from the classpath once, on first use; if it is missing, every call fails with an
 * {@link IllegalStateException} that names the resource.
 */
public final class FakeMedia {

    /** Where the generated videos of fake tasks live on the service: {@code /fake-media/{task_id}.mp4}. */
    public static final String PATH_PREFIX = "/fake-media/";
    /** The extension of every fake video's file name. */
    public static final String FILE_EXTENSION = ".mp4";
    public static final String CONTENT_TYPE = "video/mp4";
    /** The classpath resource holding the sample video, next to this class. */
    public static final String RESOURCE = "sample.mp4";

    private static volatile byte[] sample;

    private FakeMedia() {
    }

    /** The sample video's bytes, a fresh copy the caller may keep or change. */
    public static byte[] bytes() {
        return sample().clone();
    }

    /** The sample video's bytes as a read-only buffer over the one shared copy: nothing is copied. */
    public static ByteBuffer readOnlyBuffer() {
        return ByteBuffer.wrap(sample()).asReadOnlyBuffer();
    }

    /** The size of the sample video in bytes (its {@code Content-Length}). */
    public static int size() {
        return sample().length;
    }

    private static byte[] sample() {
        byte[] loaded = sample;
        if (loaded == null) {
            synchronized (FakeMedia.class) {
                loaded = sample;
                if (loaded == null) {
                    loaded = load();
                    sample = loaded;
                }
            }
        }
        return loaded;
    }

    private static byte[] load() {
        try (InputStream in = FakeMedia.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the fake provider's sample video is missing: classpath resource "
                        + FakeMedia.class.getPackageName().replace('.', '/') + "/" + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fake provider's sample video " + RESOURCE, e);
        }
    }
}
