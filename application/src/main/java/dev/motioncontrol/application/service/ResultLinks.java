package dev.motioncontrol.application.service;

import dev.motioncontrol.application.HmacSha256;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.out.ResultStore;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.domain.TaskId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The links a task's owner is given to the service's copies of its videos, each valid for a while
 * ({@code lifetime}) from the moment it is given:
 * <ul>
 *   <li>a link the store signed itself (an S3 presigned URL), when it makes them;</li>
 *   <li>otherwise the service's own download path ({@code downloads}, when it serves one: the HTTP service does, the
 *       embedded library does not), signed by the service: {@code <downloads><task id>/<index>?expires=<epoch
 *       seconds>&signature=<HMAC>}, so that a video player or a webhook receiver can fetch it without a key;</li>
 *   <li>otherwise the file's own {@code file:} URI.</li>
 * </ul>
 * Once the copies are deleted, the download path (when there is one) answers 410 Gone for them.
 *
 * <p>The signing key is derived from the store's secret, so links stay valid across a restart and on every instance
 * that shares the store.
 */
public final class ResultLinks {

    private final ResultStore store;
    private final Optional<URI> downloads;
    private final Duration lifetime;
    private final TimeSource time;
    private final HmacSha256 key;

    /**
     * @param downloads   the service's download path, ending with {@code /}, when it serves one
     * @param lifetime    how long a link given now works
     * @param storeSecret the store's secret (see
     *                    {@link dev.motioncontrol.application.port.out.StateStore#ownerSecret()})
     */
    public ResultLinks(ResultStore store, Optional<URI> downloads, Duration lifetime, TimeSource time,
            byte[] storeSecret) {
        this.store = Objects.requireNonNull(store, "store");
        this.downloads = Objects.requireNonNull(downloads, "downloads");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.time = Objects.requireNonNull(time, "time");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a link's lifetime is positive, not " + lifetime);
        }
        downloads.ifPresent(base -> {
            if (!base.isAbsolute() || !base.getPath().endsWith("/")) {
                throw new IllegalArgumentException("the download path is an absolute URL ending with '/': " + base);
            }
        });
        // A key of its own, derived from the store's secret: a link's signature tells nothing of the owners' hashes.
        this.key = new HmacSha256(new HmacSha256(storeSecret).of("motion-control result links v1"));
    }

    /** The store the copies are in. */
    public ResultStore store() {
        return store;
    }

    /** The links to {@code record}'s copies, in the order of its generated videos. */
    public List<URI> of(TaskRecord record) {
        Instant now = time.now();
        ResultCopies copies = record.results();
        boolean deleted = copies.state() == ResultCopies.State.DELETED;
        List<URI> links = new ArrayList<>(copies.videos().size());
        for (int index = 0; index < copies.videos().size(); index++) {
            ResultStore.Location location = store.locate(copies.videos().get(index).key(), now, lifetime);
            if (downloads.isPresent() && (deleted || location instanceof ResultStore.LocalFile)) {
                // The service's own path: it serves a local file, and says 410 once a copy is deleted.
                long expires = now.plus(lifetime).getEpochSecond();
                links.add(downloads.get().resolve(record.task().id().value() + "/" + index + "?expires=" + expires
                        + "&signature=" + signature(record.task().id(), index, expires)));
            } else {
                links.add(location instanceof ResultStore.SignedLink signed ? signed.uri()
                        : ((ResultStore.LocalFile) location).path().toUri());
            }
        }
        return links;
    }

    /**
     * What is wrong with a download link of the video at {@code index} of task {@code id} that says it expires at
     * {@code expires} (epoch seconds) and is signed {@code signature}: empty when the service made it and it has not
     * expired.
     */
    public Optional<String> problemWith(TaskId id, int index, long expires, String signature) {
        byte[] expected = signature(id, index, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("This link's signature is not valid");
        }
        if (time.now().getEpochSecond() >= expires) {
            return Optional.of("This link expired at " + Instant.ofEpochSecond(expires) + "; ask for the task's "
                    + "status for a new one");
        }
        return Optional.empty();
    }

    private String signature(TaskId id, int index, long expires) {
        byte[] signed = key.of(id.value() + "\n" + index + "\n" + expires);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
    }
}
