package dev.motioncontrol.adapters.results;

import dev.motioncontrol.application.port.out.ResultStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Keeps the copies in an S3 bucket (or S3-compatible storage), each under {@code <key prefix><task id>/<index>.<ext>},
 * and hands readers presigned GET links, which the storage serves itself (byte ranges included).
 *
 * <p>An object is written by one PutObject from the staged file, so a reader sees the old object or the new one. The
 * staged file is deleted afterwards, whatever the outcome. Checksums are sent and checked only where S3 requires them:
 * the trailing checksums the SDK adds by default are refused by some S3-compatible storage.
 *
 * <p>{@link #locate} signs as of the {@code now} it is given, not the wall clock: the SDK's {@code S3Presigner} always
 * signs with {@code Instant.now()}, so the store takes the object's URL from {@link S3Utilities} (the client's own
 * endpoint, region and path style) and signs it with the signer the presigner uses, {@link AwsV4HttpSigner}, with its
 * signing clock fixed at {@code now}. The link is valid from {@code now}, truncated to the second as SigV4 dates are,
 * for {@code lifetime} (one second to seven days, whole seconds).
 *
 * <p>Failures name the operation, the key and what S3 answered; never the credentials. A key other than
 * {@code <task id>/<index>.<extension>} is refused with an {@link IllegalArgumentException}: thrown by {@link #locate},
 * the failure of the stage of {@link #keep} and {@link #delete}.
 */
public final class S3ResultStore implements ResultStore, AutoCloseable {

    /** The longest a SigV4 presigned link can live. */
    public static final Duration MAX_LINK_LIFETIME = Duration.ofDays(7);

    private final Vertx vertx;
    private final SdkEventLoopGroup eventLoops;
    private final S3AsyncClient client;
    private final AwsCredentialsProvider credentials;
    private final SdkAutoCloseable ownedCredentials;
    private final S3ResultStoreSettings settings;
    private final Path staging;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    private S3ResultStore(Vertx vertx, SdkEventLoopGroup eventLoops, S3AsyncClient client,
                          AwsCredentialsProvider credentials, SdkAutoCloseable ownedCredentials,
                          S3ResultStoreSettings settings, Path staging) {
        this.vertx = vertx;
        this.eventLoops = eventLoops;
        this.client = client;
        this.credentials = credentials;
        this.ownedCredentials = ownedCredentials;
        this.settings = settings;
        this.staging = staging;
    }

    /** The longest one call to the bucket (an upload of up to the fetcher's cap included) may take. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofMinutes(15);

    /**
     * Builds the S3 client (asynchronous, on Netty) and creates the staging directory, blocking. The credentials are
     * resolved once here, so that a store without any fails now, and a later {@link #locate} finds them cached (the
     * default chain refreshes them in the background).
     *
     * @throws IllegalStateException when no credentials can be found
     * @throws UncheckedIOException  when the staging directory cannot be created
     */
    public static S3ResultStore create(Vertx vertx, S3ResultStoreSettings settings) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(settings, "settings");
        DefaultCredentialsProvider defaultChain = settings.credentials().isEmpty()
                ? DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(true).build()
                : null;
        AwsCredentialsProvider credentials = settings.credentials().orElse(defaultChain);
        SdkEventLoopGroup eventLoops = null;
        S3AsyncClient client = null;
        try {
            try {
                credentials.resolveCredentials();
            } catch (SdkException e) {
                throw new IllegalStateException("no credentials for the S3 result store: " + e.getMessage(), e);
            }
            Path staging = stagingDirectoryUnder(settings.temporaryDirectory());
            eventLoops = SdkEventLoopGroup.builder().build();
            client = S3AsyncClient.builder()
                    .region(settings.region())
                    .credentialsProvider(credentials)
                    .forcePathStyle(settings.pathStyle())
                    .applyMutation(b -> settings.endpoint().ifPresent(b::endpointOverride))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder().eventLoopGroup(eventLoops))
                    // A call that hangs fails in time, retries included: the copier's lease outlasts it.
                    .overrideConfiguration(override -> override.apiCallTimeout(API_CALL_TIMEOUT))
                    .build();
            return new S3ResultStore(vertx, eventLoops, client, credentials, defaultChain, settings, staging);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            if (eventLoops != null) {
                shutDown(eventLoops);
            }
            if (defaultChain != null) {
                defaultChain.close();
            }
            throw e;
        }
    }

    /** A directory of this store's own under the configured temporary directory. */
    @Override
    public Path stagingDirectory() {
        return staging;
    }

    @Override
    public CompletionStage<Void> keep(String key, Path staged, String contentType) {
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(contentType, "contentType");
        Future<Void> kept = Future.<Void>succeededFuture().compose(nothing -> {
            String objectKey = objectKey(key);
            return Future.fromCompletionStage(client.putObject(put -> put.bucket(settings.bucket())
                            .key(objectKey)
                            .contentType(contentType),
                    AsyncRequestBody.fromFile(staged)))
                    .recover(failure -> Future.failedFuture(failed("keep", key, failure)))
                    .mapEmpty();
        });
        // The staged file was read or will never be: gone, whatever the outcome. A failure to delete it does not
        // change the outcome of keeping it.
        return kept.eventually(() -> vertx.fileSystem().delete(staged.toString()).otherwiseEmpty())
                .toCompletionStage();
    }

    /** Deletes the object; S3 answers a deletion of an absent key as a success. */
    @Override
    public CompletionStage<Void> discard(Path staged) {
        return vertx.fileSystem().delete(staged.toString()).otherwiseEmpty().<Void>mapEmpty().toCompletionStage();
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        return Future.<Void>succeededFuture().compose(nothing -> {
            String objectKey = objectKey(key);
            return Future.fromCompletionStage(client.deleteObject(delete -> delete.bucket(settings.bucket())
                            .key(objectKey)))
                    .recover(failure -> Future.failedFuture(failed("delete", key, failure)))
                    .<Void>mapEmpty();
        }).toCompletionStage();
    }

    /** A presigned GET of the object, signed as of {@code now}, valid for {@code lifetime}. */
    @Override
    public Location locate(String key, Instant now, Duration lifetime) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lifetime, "lifetime");
        String objectKey = objectKey(key);
        Duration validFor = Duration.ofSeconds(lifetime.getSeconds());
        if (validFor.isZero() || validFor.isNegative() || validFor.compareTo(MAX_LINK_LIFETIME) > 0) {
            throw new IllegalArgumentException("a presigned link lives from one second to seven days, not " + lifetime);
        }
        Instant signedAt = now.truncatedTo(ChronoUnit.SECONDS);
        S3Utilities utilities = client.utilities();
        URI object;
        try {
            object = utilities.getUrl(url -> url.bucket(settings.bucket()).key(objectKey)).toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK made an invalid URL for " + key, e);
        }
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(object).build();
        SdkHttpRequest signed = signer.sign(SignRequest.builder(identity)
                        .request(unsigned)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region().id())
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, validFor)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        // S3 signs the path as sent: encoded once, not normalised (as the S3Presigner does).
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))
                        .build())
                .request();
        return new SignedLink(signed.getUri(), signedAt.plus(validFor));
    }

    /**
     * Releases the S3 client, its threads (and the default chain's credentials, if the store made them), blocking.
     * Requests in flight fail.
     */
    @Override
    public void close() {
        client.close();
        shutDown(eventLoops);
        if (ownedCredentials != null) {
            ownedCredentials.close();
        }
        try {
            Files.deleteIfExists(staging);
        } catch (DirectoryNotEmptyException stillStaging) {
            // A keep in flight, or one that was interrupted: leave it for whoever looks.
        } catch (IOException ignored) {
            // A temporary directory: the system cleans it up in the end.
        }
    }

    /**
     * Stops the client's Netty threads at once: the store owns them so that it need not wait out the quiet period of
     * two seconds the client gives threads of its own, for tasks that cannot come once the client is closed.
     */
    private static void shutDown(SdkEventLoopGroup eventLoops) {
        eventLoops.eventLoopGroup().shutdownGracefully(0, 5, TimeUnit.SECONDS)
                .awaitUninterruptibly(6, TimeUnit.SECONDS);
    }

    private String objectKey(String key) {
        return settings.keyPrefix() + new ResultKey(key).value();
    }

    private IOException failed(String operation, String key, Throwable failure) {
        return new IOException("could not " + operation + " " + key + " in S3 bucket " + settings.bucket() + ": "
                + describe(failure), failure);
    }

    /** What went wrong, in S3's words: status, error code and message; SDK messages quote no credentials. */
    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof S3Exception s3) {
            AwsErrorDetails details = s3.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? "" : " " + details.errorCode();
            String message = details == null || details.errorMessage() == null ? "" : ": " + details.errorMessage();
            return "S3 answered " + s3.statusCode() + code + message;
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static Path stagingDirectoryUnder(Path temporaryDirectory) {
        try {
            Files.createDirectories(temporaryDirectory);
            return Files.createTempDirectory(temporaryDirectory, "s3-results-staging-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory in " + temporaryDirectory, e);
        }
    }
}
