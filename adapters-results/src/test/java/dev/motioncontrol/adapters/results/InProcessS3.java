package dev.motioncontrol.adapters.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A real S3 API server in this JVM: s3proxy on 127.0.0.1 and an ephemeral port, over an in-memory blob store, with one
 * bucket. It checks SigV4 signatures, header and query (presigned) alike, and refuses an expired presigned link.
 * Objects can be listed and read behind its back, for assertions.
 */
public final class InProcessS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "in-process-access-key";
    public static final String SECRET_KEY = "in-process-secret-key-0123456789";
    public static final Region REGION = Region.US_EAST_1;

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final String bucket;
    private final URI endpoint;

    private InProcessS3(BlobStoreContext context, S3Proxy proxy, String bucket) {
        this.context = context;
        this.proxy = proxy;
        this.bucket = bucket;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** A server with the bucket {@code results}. */
    public static InProcessS3 start() {
        return start("results");
    }

    /** A server with one bucket, {@code bucket}; returns once it listens. */
    public static InProcessS3 start(String bucket) {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("unused", "unused")
                .modules(Set.of(new SLF4JLoggingModule()))
                .build(BlobStoreContext.class);
        try {
            context.getBlobStore().createContainerInLocation(null, bucket);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start(); // Jetty's start returns once the connector is bound.
            return new InProcessS3(context, proxy, bucket);
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("s3proxy did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public Region region() {
        return REGION;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String bucket() {
        return bucket;
    }

    /** The server's credentials, for a client. */
    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** Settings of an {@link S3ResultStore} that keeps its objects here, path-style, under {@code keyPrefix}. */
    public S3ResultStoreSettings settings(String keyPrefix) {
        return S3ResultStoreSettings.of(bucket, REGION)
                .withEndpoint(endpoint)
                .withCredentials(credentials())
                .withKeyPrefix(keyPrefix);
    }

    /** Every key in the bucket, in order. */
    public List<String> keys() {
        return blobs().list(bucket, ListContainerOptions.Builder.recursive()).stream()
                .map(StorageMetadata::getName)
                .sorted()
                .toList();
    }

    /** The bytes under {@code key}, if any. */
    public Optional<byte[]> read(String key) {
        Blob blob = blobs().getBlob(bucket, key);
        if (blob == null) {
            return Optional.empty();
        }
        try (InputStream in = blob.getPayload().openStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content type kept with the object under {@code key}, if there is one. */
    public Optional<String> contentType(String key) {
        Blob blob = blobs().getBlob(bucket, key);
        return blob == null
                ? Optional.empty()
                : Optional.ofNullable(blob.getMetadata().getContentMetadata().getContentType());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        } finally {
            context.close();
        }
    }

    private BlobStore blobs() {
        return context.getBlobStore();
    }
}
