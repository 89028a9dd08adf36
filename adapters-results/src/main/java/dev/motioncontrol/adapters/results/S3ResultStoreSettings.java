package dev.motioncontrol.adapters.results;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where {@link S3ResultStore} keeps the copies: an S3 bucket, or one of any S3-compatible storage (MinIO, Ceph, …).
 *
 * @param bucket             the bucket; it must exist
 * @param keyPrefix          put before every key ({@code results/} keeps {@code <task id>/0.mp4} as
 *                           {@code results/<task id>/0.mp4}); empty for none, and ends with {@code /} otherwise (one
 *                           is added); segments of letters, digits and {@code !-_.*'()}, none of them {@code .} or
 *                           {@code ..}
 * @param region             the region requests are signed for; S3-compatible storage often takes any
 * @param endpoint           the storage's address, when it is not AWS: {@code http} or {@code https}, a host, perhaps a
 *                           port, nothing else (no user or password in it)
 * @param credentials        who the store signs as; empty for the SDK's default chain (the {@code AWS_ACCESS_KEY_ID}
 *                           and {@code AWS_SECRET_ACCESS_KEY} environment variables, {@code ~/.aws/credentials}, a
 *                           container or instance role, …)
 * @param pathStyle          whether the bucket is named in the path ({@code https://host/bucket/key}) rather than in
 *                           the host name ({@code https://bucket.host/key}); on by default, as S3-compatible storage
 *                           usually needs
 * @param temporaryDirectory where the store's staging directory is created
 */
public record S3ResultStoreSettings(String bucket, String keyPrefix, Region region, Optional<URI> endpoint,
                                    Optional<AwsCredentialsProvider> credentials, boolean pathStyle,
                                    Path temporaryDirectory) {

    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9!_.*'()-]+/)*");
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    public S3ResultStoreSettings {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(temporaryDirectory, "temporaryDirectory");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("a bucket name is letters, digits, '.', '_' and '-': " + bucket);
        }
        if (!keyPrefix.isEmpty() && !keyPrefix.endsWith("/")) {
            keyPrefix = keyPrefix + "/";
        }
        if (!PREFIX.matcher(keyPrefix).matches()
                || keyPrefix.startsWith("./") || keyPrefix.contains("/./")
                || keyPrefix.startsWith("../") || keyPrefix.contains("/../")) {
            throw new IllegalArgumentException("a key prefix is segments of letters, digits and !-_.*'() each ending "
                    + "with '/', none of them '.' or '..': " + keyPrefix);
        }
        endpoint.ifPresent(S3ResultStoreSettings::requirePlainEndpoint);
    }

    /** The bucket in {@code region}, at AWS, with the default chain's credentials; no prefix, path-style. */
    public static S3ResultStoreSettings of(String bucket, Region region) {
        return new S3ResultStoreSettings(bucket, "", region, Optional.empty(), Optional.empty(), true,
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    public S3ResultStoreSettings withKeyPrefix(String keyPrefix) {
        return new S3ResultStoreSettings(bucket, keyPrefix, region, endpoint, credentials, pathStyle,
                temporaryDirectory);
    }

    public S3ResultStoreSettings withEndpoint(URI endpoint) {
        return new S3ResultStoreSettings(bucket, keyPrefix, region, Optional.of(endpoint), credentials, pathStyle,
                temporaryDirectory);
    }

    public S3ResultStoreSettings withCredentials(AwsCredentialsProvider credentials) {
        return new S3ResultStoreSettings(bucket, keyPrefix, region, endpoint, Optional.of(credentials), pathStyle,
                temporaryDirectory);
    }

    public S3ResultStoreSettings withPathStyle(boolean pathStyle) {
        return new S3ResultStoreSettings(bucket, keyPrefix, region, endpoint, credentials, pathStyle,
                temporaryDirectory);
    }

    public S3ResultStoreSettings withTemporaryDirectory(Path temporaryDirectory) {
        return new S3ResultStoreSettings(bucket, keyPrefix, region, endpoint, credentials, pathStyle,
                temporaryDirectory);
    }

    /** Names the credentials' provider, never what it provides. */
    @Override
    public String toString() {
        return "S3ResultStoreSettings[bucket=" + bucket + ", keyPrefix=" + keyPrefix + ", region=" + region
                + ", endpoint=" + endpoint.map(URI::toString).orElse("AWS")
                + ", credentials=" + credentials.map(c -> c.getClass().getSimpleName()).orElse("the default chain")
                + ", pathStyle=" + pathStyle + ", temporaryDirectory=" + temporaryDirectory + "]";
    }

    private static void requirePlainEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        boolean plain = ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                && endpoint.getHost() != null
                && endpoint.getRawUserInfo() == null
                && (endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
                        || endpoint.getRawPath().equals("/"))
                && endpoint.getRawQuery() == null
                && endpoint.getRawFragment() == null;
        if (!plain) {
            // Not quoted: a user and password in it would be credentials.
            throw new IllegalArgumentException("an S3 endpoint is http(s)://host[:port], nothing more");
        }
    }
}
