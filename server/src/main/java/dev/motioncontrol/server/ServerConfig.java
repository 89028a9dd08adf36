package dev.motioncontrol.server;

import dev.motioncontrol.adapters.http.ProtocolGuard;
import dev.motioncontrol.freepik.api.FreepikHeaders;
import dev.motioncontrol.freepik.api.SubmitBodyReader.UnknownFields;
import dev.motioncontrol.application.ClientLimits;
import dev.motioncontrol.application.service.StatusFreshness;
import dev.motioncontrol.application.service.MediaPreflight;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The service's configuration, read from environment variables (each documented in the README). Every
 * variable has a default that runs the service on the fake provider with no key and no network.
 *
 * @param port             {@code PORT}: where to listen; 0 picks a free port (default 8080)
 * @param host             {@code HOST}: the interface to bind (default 0.0.0.0)
 * @param provider         {@code PROVIDER}: {@code fake} (default) or {@code freepik}
 * @param publicBaseUrl    {@code PUBLIC_BASE_URL}: how clients reach this service, used in generated URLs
 *                         (default {@code http://localhost:<port>})
 * @param clientKeys       {@code CLIENT_API_KEYS} (comma-separated) and {@code CLIENT_API_KEYS_FILE} (one key a
 *                         line, {@code #} comments, each key optionally followed by its own limits:
 *                         {@code rate=}, {@code burst=}, {@code unfinished=}): the keys the service accepts, with their
 *                         limits; none means any non-blank key, each its own client (fake mode only: freepik mode
 *                         requires keys)
 * @param clientLimits     {@code CLIENT_RATE_LIMIT} (requests per second), {@code CLIENT_BURST} and
 *                         {@code CLIENT_MAX_UNFINISHED} (tasks): the limits of a key that names none of its own;
 *                         {@code none} for no limit (defaults: 50, twice the rate, 50 in freepik mode; none in fake
 *                         mode)
 * @param allowPrivateUrls {@code ALLOW_PRIVATE_URLS}: accept media and webhook URLs on loopback and private
 *                         networks, for local development (default false)
 * @param mediaPreflight   {@code MEDIA_PREFLIGHT}: whether a submission's image and video are measured before the
 *                         provider is paid: {@code enforce} (media the provider would refuse are a 400; the default in
 *                         freepik mode), {@code warn} (logged, sent on) or {@code off} (the default in fake mode, whose
 *                         example URLs are not reachable offline)
 * @param unknownFields    {@code UNKNOWN_FIELDS}: what a submit's unknown field does, {@code ignore} (default: left
 *                         out and named in a response header) or {@code reject} (a 400); a likely typo of a known
 *                         field is a 400 either way
 * @param fakeQueueDelay   {@code FAKE_QUEUE_DELAY}: how long a fake task stays CREATED (default 2s)
 * @param fakeGenerationDelay {@code FAKE_GENERATION_DELAY}: how long it then stays IN_PROGRESS (default 5s)
 * @param fakeMaxTasks     {@code FAKE_MAX_TASKS}: tasks the fake remembers before forgetting the oldest
 *                         (default 1000000)
 * @param fakeTaskTtl      {@code FAKE_TASK_TTL}: how long the fake remembers a task (default 24h)
 * @param shutdownGrace    {@code SHUTDOWN_GRACE}: how long in-flight requests may finish on SIGTERM
 *                         (default 10s)
 * @param requestHeadTimeout {@code REQUEST_HEAD_TIMEOUT}: how long a connection may take to send a whole request
 *                         head, from its opening or its last answer; also how long an idle connection is kept
 *                         (default 20s)
 * @param requestBodyTimeout {@code REQUEST_BODY_TIMEOUT}: how long a request's body may take after its head
 *                         (default 30s)
 * @param taskRecordsMax   {@code TASK_RECORDS_MAX}: with {@code STORE=memory}, the tasks whose owner the service
 *                         remembers (default 1000000)
 * @param taskRecordsTtl   {@code TASK_RECORDS_TTL}: with {@code STORE=memory}, how long it remembers them (default 7d)
 * @param store            the {@code STORE*}, {@code OWNER_SECRET*} and {@code IDEMPOTENCY_KEYS_TTL} variables
 * @param freepik          the {@code FREEPIK_*} variables, used when {@code PROVIDER=freepik}
 * @param webhooks         the {@code WEBHOOK_*}, {@code PROVIDER_WEBHOOK_SECRET}, {@code ALLOWED_PRIVATE_HOSTS}
 *                         and {@code POLL_*} variables
 * @param results          the {@code RESULTS_*} variables: whether and where copies of the generated videos are kept
 * @param operations       the {@code MANAGEMENT_*}, {@code LOG_FORMAT} and {@code ACCESS_LOG} variables: how the service
 *                         is watched
 */
public record ServerConfig(
        int port,
        String host,
        Provider provider,
        Optional<URI> publicBaseUrl,
        Map<String, ClientLimits> clientKeys,
        ClientLimits clientLimits,
        boolean allowPrivateUrls,
        MediaPreflight.Mode mediaPreflight,
        UnknownFields unknownFields,
        Duration fakeQueueDelay,
        Duration fakeGenerationDelay,
        int fakeMaxTasks,
        Duration fakeTaskTtl,
        Duration shutdownGrace,
        Duration requestHeadTimeout,
        Duration requestBodyTimeout,
        int taskRecordsMax,
        Duration taskRecordsTtl,
        Store store,
        Freepik freepik,
        Webhooks webhooks,
        Results results,
        Operations operations) {

    /**
     * How the service is watched: its management listener (metrics and detailed health), its logs.
     *
     * @param managementPort  {@code MANAGEMENT_PORT}: the port of the management listener, which serves
     *                        {@code /metrics} (Prometheus) and {@code /health/live} and {@code /health/ready} with each
     *                        check's details; {@code 0} picks a free one; unset (the default): no such listener, and no
     *                        metrics
     * @param managementHost  {@code MANAGEMENT_HOST}: the address it listens on (default {@code HOST})
     * @param managementToken {@code MANAGEMENT_TOKEN_FILE} (the file's first line) or {@code MANAGEMENT_TOKEN}: when set,
     *                        the management listener wants {@code Authorization: Bearer <token>}
     * @param jsonLogs        {@code LOG_FORMAT}: {@code text} (default) or {@code json} (one JSON object per line, Logback's
     *                        JSON encoder; read by the logging configuration itself, and checked here)
     * @param accessLog       {@code ACCESS_LOG}: a line per request (default {@code false}: a line per request costs the
     *                        status path about a sixth of its throughput on two cores)
     */
    public record Operations(Optional<Integer> managementPort, String managementHost, Optional<String> managementToken,
            boolean jsonLogs, boolean accessLog) {

        public Operations {
            Objects.requireNonNull(managementPort, "managementPort");
            Objects.requireNonNull(managementHost, "managementHost");
            Objects.requireNonNull(managementToken, "managementToken");
        }

        @Override
        public String toString() {
            return "Operations[managementPort=" + managementPort + ", managementHost=" + managementHost
                    + ", managementToken=" + (managementToken.isPresent() ? "(set, redacted)" : "(none)")
                    + ", jsonLogs=" + jsonLogs + ", accessLog=" + accessLog + "]";
        }
    }

    /** Where copies of the generated videos are kept, if anywhere. */
    public sealed interface ResultsLocation {

        /** Not kept: clients get the provider's URLs, which expire (the default). */
        record None() implements ResultsLocation {
        }

        /** In a local directory, served by the service's download path. */
        record Directory(Path root) implements ResultsLocation {
        }

        /** In an S3-compatible bucket, under a key prefix (empty, or ending with {@code /}). */
        record S3(String bucket, String prefix) implements ResultsLocation {
        }
    }

    /**
     * Copies of the generated videos, which the provider serves only for a while.
     *
     * @param location     {@code RESULTS_STORE}: {@code none} (default), {@code dir:<path>} or
     *                     {@code s3://<bucket>[/<prefix>]}
     * @param s3Endpoint   {@code RESULTS_S3_ENDPOINT}: the S3 API's URL, for S3-compatible storage (MinIO, Ceph, ...);
     *                     by default AWS's own. Credentials and region come from the AWS SDK's usual places:
     *                     {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, {@code ~/.aws/credentials},
     *                     instance roles; {@code AWS_REGION} or {@code RESULTS_S3_REGION}
     * @param s3Region     {@code RESULTS_S3_REGION}, else {@code AWS_REGION}, else {@code us-east-1}
     * @param s3Credentials {@code RESULTS_S3_ACCESS_KEY_ID} with {@code RESULTS_S3_SECRET_ACCESS_KEY_FILE} (the file's
     *                     first line) or {@code RESULTS_S3_SECRET_ACCESS_KEY}: keys of the bucket's own; without them,
     *                     the AWS SDK's default chain
     * @param keepFor      {@code RESULTS_KEEP_FOR}: how long copies are kept before they are deleted (default 7d; 1d
     *                     with {@code STORE=memory}, which must forget no task before its copies are deleted: it is
     *                     shorter than {@code TASK_RECORDS_TTL} there); {@code forever} keeps them (not with memory)
     * @param linkLifetime {@code RESULTS_LINK_LIFETIME}: how long a link given in an answer or a webhook works
     *                     (default 24h; at most 7d, S3's limit for presigned URLs)
     * @param maxBytes     {@code RESULTS_MAX_BYTES}: the largest video copied; a larger one is cut off and the copy
     *                     failed (default 2GiB; plain bytes or with KiB, MiB, GiB)
     * @param fetchTimeout {@code RESULTS_FETCH_TIMEOUT}: how long fetching one video may take (default 10m)
     */
    public record Results(ResultsLocation location, Optional<URI> s3Endpoint, String s3Region,
            Optional<S3Keys> s3Credentials, Optional<Duration> keepFor, Duration linkLifetime, long maxBytes,
            Duration fetchTimeout) {

        /** The longest a presigned S3 URL may live (SigV4). */
        public static final Duration LONGEST_LINK = Duration.ofDays(7);

        public Results {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(s3Endpoint, "s3Endpoint");
            Objects.requireNonNull(s3Region, "s3Region");
            Objects.requireNonNull(s3Credentials, "s3Credentials");
            Objects.requireNonNull(keepFor, "keepFor");
            Objects.requireNonNull(linkLifetime, "linkLifetime");
            Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        }

        /** A bucket's access key and its secret, which no log line or error shows. */
        public record S3Keys(String accessKeyId, String secretAccessKey) {
            @Override
            public String toString() {
                return "S3Keys[" + accessKeyId + ", secret redacted]";
            }
        }

        /** For the start's log: where copies are kept, when they are. */
        public Optional<String> describe() {
            if (location instanceof ResultsLocation.Directory directory) {
                return Optional.of("Copies of the generated videos are kept in " + directory.root().toAbsolutePath()
                        .normalize() + keptFor());
            }
            if (location instanceof ResultsLocation.S3 s3) {
                return Optional.of("Copies of the generated videos are kept in s3://" + s3.bucket() + "/" + s3.prefix()
                        + s3Endpoint.map(endpoint -> " at " + endpoint).orElse("") + keptFor());
            }
            return Optional.empty();
        }

        /** What an operator should know of this combination of stores, if anything. */
        public Optional<String> caveat(StoreLocation store) {
            if (kept() && store instanceof StoreLocation.Memory) {
                return Optional.of("STORE=memory forgets at exit which copies exist, and beyond TASK_RECORDS_MAX the oldest "
                        + "tasks: copies in RESULTS_STORE then are never deleted by the service");
            }
            if (location instanceof ResultsLocation.Directory && store instanceof StoreLocation.Postgresql) {
                return Optional.of("With several instances, RESULTS_STORE=dir: must name one directory that every "
                        + "instance mounts: an instance serves only the copies it can read");
            }
            return Optional.empty();
        }

        private String keptFor() {
            return keepFor.map(age -> ", for " + age.toString().substring(2).toLowerCase()).orElse(", for ever");
        }

        /** Whether the generated videos are copied at all. */
        public boolean kept() {
            return !(location instanceof ResultsLocation.None);
        }
    }

    /** Where the service's state is kept: which store, and how to reach it. */
    public sealed interface StoreLocation {

        /** For a log line: which store, and where, without credentials. */
        String describe();

        /** In memory: forgotten when the process stops (the default in fake mode). */
        record Memory() implements StoreLocation {
            @Override
            public String describe() {
                return "in memory (forgotten at exit)";
            }
        }

        /** An embedded SQLite database in one file: durable, for one instance (the default in freepik mode). */
        record Sqlite(Path file) implements StoreLocation {
            @Override
            public String describe() {
                return "in SQLite at " + file.toAbsolutePath().normalize();
            }
        }

        /** A PostgreSQL database that several instances may share; the URL may hold credentials. */
        record Postgresql(String url) implements StoreLocation {
            @Override
            public String describe() {
                return "in PostgreSQL";
            }

            @Override
            public String toString() {
                return "Postgresql[url redacted]";
            }
        }
    }

    /**
     * The service's own state.
     *
     * @param location           {@code STORE}: {@code memory}, {@code sqlite:<path>} or
     *                           {@code postgresql://[user@]host[:port]/database[?sslmode=…]} (default: {@code memory}
     *                           in fake mode, {@code sqlite:./data/motion-control.db} in freepik mode)
     * @param password           {@code STORE_PASSWORD_FILE} (the file's first line) or {@code STORE_PASSWORD}: the
     *                           PostgreSQL password, kept out of the URL
     * @param ownerSecret        {@code OWNER_SECRET_FILE} or {@code OWNER_SECRET}: the secret client keys are hashed
     *                           with before they are stored (at least 32 bytes; default: made on the store's first
     *                           start and kept in it)
     * @param idempotencyKeysTtl {@code IDEMPOTENCY_KEYS_TTL}: how long an {@code Idempotency-Key} names its request
     *                           (default 24h)
     */
    public record Store(StoreLocation location, Optional<String> password, Optional<String> ownerSecret,
            Duration idempotencyKeysTtl) {

        @Override
        public String toString() {
            return "Store[location=" + location + ", password=" + (password.isPresent() ? "(set, redacted)" : "(unset)")
                    + ", ownerSecret=" + (ownerSecret.isPresent() ? "(set, redacted)" : "(from the store)")
                    + ", idempotencyKeysTtl=" + idempotencyKeysTtl + "]";
        }
    }

    /** Which video provider the service talks to. */
    public enum Provider {
        /** The in-memory fake: offline, no key, deterministic. */
        FAKE,
        /** Freepik's API (or Magnific's), with the service's one upstream key. */
        FREEPIK
    }

    /**
     * How to reach the provider in {@code PROVIDER=freepik} mode.
     *
     * @param apiKey          {@code FREEPIK_API_KEY}: the service's upstream key (required in freepik mode;
     *                        never logged)
     * @param baseUrl         {@code FREEPIK_BASE_URL} (default https://api.freepik.com)
     * @param apiKeyHeader    {@code FREEPIK_API_KEY_HEADER} (default x-freepik-api-key; Magnific:
     *                        x-magnific-api-key)
     * @param connectTimeout  {@code FREEPIK_CONNECT_TIMEOUT} (default 5s)
     * @param requestTimeout  {@code FREEPIK_REQUEST_TIMEOUT}: per attempt (default 30s)
     * @param deadline        {@code FREEPIK_DEADLINE}: per call, retries included (default 60s)
     * @param requestsPerSecond {@code FREEPIK_RATE_LIMIT}: average requests per second sent upstream (default 10)
     * @param burst           {@code FREEPIK_BURST}: requests that may go at once before the average applies
     *                        (default 50)
     * @param maxConcurrent   {@code FREEPIK_MAX_CONCURRENT}: requests in flight upstream at once (default 3)
     * @param statusRecheck   {@code STATUS_RECHECK_MIN} and {@code STATUS_RECHECK_MAX}: a status request of an
     *                        unfinished task is answered from the service's record while that is younger than a
     *                        third of the task's age, at least the first and at most the second (default 2s and
     *                        60s; {@code 0} and {@code 0} ask the provider every time); and, with
     *                        {@code PROVIDER_WEBHOOK_SECRET} set, {@code PROVIDER_WEBHOOK_WAIT}: how long after its
     *                        submission a task is left to the provider's webhooks, answered from its record without
     *                        asking the provider (default 10m; {@code 0} for none)
     */
    public record Freepik(
            Optional<String> apiKey,
            URI baseUrl,
            String apiKeyHeader,
            Duration connectTimeout,
            Duration requestTimeout,
            Duration deadline,
            int requestsPerSecond,
            int burst,
            int maxConcurrent,
            StatusFreshness statusRecheck) {

        @Override
        public String toString() {
            // The header name is shown only when it is a documented one: swapped with the key, it would be the key.
            String header = List.of(FreepikHeaders.FREEPIK_API_KEY, FreepikHeaders.MAGNIFIC_API_KEY).contains(apiKeyHeader)
                    ? apiKeyHeader : "(custom)";
            return "Freepik[apiKey=" + (apiKey.isPresent() ? "(set, redacted)" : "(unset)") + ", baseUrl=" + baseUrl
                    + ", apiKeyHeader=" + header + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                    + requestTimeout + ", deadline=" + deadline + ", requestsPerSecond=" + requestsPerSecond
                    + ", burst=" + burst + ", maxConcurrent=" + maxConcurrent + ", statusRecheck=" + statusRecheck
                    + "]";
        }
    }

    /**
     * Webhooks, both ways, and how tasks are followed.
     *
     * @param secret          {@code WEBHOOK_SECRET}: signs the webhooks this service posts ({@code whsec_…} or raw
     *                        text); in fake mode it defaults to the documented development secret
     *                        {@value #FAKE_MODE_SECRET}; in freepik mode, without it, requests with a
     *                        {@code webhook_url} are refused
     * @param providerSecrets {@code PROVIDER_WEBHOOK_SECRET}: the provider account's webhook secret(s),
     *                        comma-separated; with {@code PUBLIC_BASE_URL} in freepik mode, the provider is
     *                        given this service's callback URL instead of being polled
     * @param allowedPrivateHosts {@code ALLOWED_PRIVATE_HOSTS}: host names, addresses and CIDR networks that
     *                        webhooks and media may use although not public (local development)
     * @param timeout         {@code WEBHOOK_TIMEOUT}: one delivery attempt (default 10s)
     * @param retryWaits      {@code WEBHOOK_RETRY_WAITS}: the waits between attempts, comma-separated
     *                        (default 5s,5m,30m,2h,5h,10h,10h)
     * @param pollFirst       {@code POLL_FIRST}: the first wait when polling a task someone waits on (default 1s)
     * @param pollMax         {@code POLL_MAX}: the longest wait between two polls (default 30s)
     * @param sweepEvery      {@code WEBHOOK_SWEEP_EVERY}: how often the store is read for deliveries (and result
     *                        copies) that fell due unheard: after a restart, or when another instance stopped
     *                        mid-delivery (default 5s)
     */
    public record Webhooks(
            Optional<String> secret,
            List<String> providerSecrets,
            List<String> allowedPrivateHosts,
            Duration timeout,
            List<Duration> retryWaits,
            Duration pollFirst,
            Duration pollMax,
            Duration sweepEvery) {

        /** Signs fake-mode webhooks unless WEBHOOK_SECRET says otherwise; published, so for development only. */
        public static final String FAKE_MODE_SECRET = "whsec_ZmFrZS1tb2RlLWRldmVsb3BtZW50LXNlY3JldCE=";

        public Webhooks {
            providerSecrets = List.copyOf(providerSecrets);
            allowedPrivateHosts = List.copyOf(allowedPrivateHosts);
            retryWaits = List.copyOf(retryWaits);
            if (pollMax.compareTo(pollFirst) < 0) {
                throw new IllegalArgumentException("POLL_MAX must not be shorter than POLL_FIRST");
            }
        }

        @Override
        public String toString() {
            return "Webhooks[secret=" + (secret.isPresent() ? "(set, redacted)" : "(unset)") + ", providerSecrets=("
                    + providerSecrets.size() + "), allowedPrivateHosts=" + allowedPrivateHosts + ", timeout=" + timeout
                    + ", retryWaits=" + retryWaits + ", pollFirst=" + pollFirst + ", pollMax=" + pollMax + ", sweepEvery="
                    + sweepEvery + "]";
        }
    }

    public ServerConfig {
        clientKeys = Map.copyOf(clientKeys);
        if (provider == Provider.FREEPIK) {
            if (freepik.apiKey().isEmpty()) {
                throw new IllegalArgumentException("PROVIDER=freepik needs FREEPIK_API_KEY, the service's key at Freepik");
            }
            if (clientKeys.isEmpty()) {
                throw new IllegalArgumentException("PROVIDER=freepik needs CLIENT_API_KEYS or CLIENT_API_KEYS_FILE:"
                        + " without them anyone who reaches the service could spend the account's credits");
            }
        }
    }

    /** Keys are secrets: this names how many there are, never what they are. */
    @Override
    public String toString() {
        return "ServerConfig[port=" + port + ", host=" + host + ", provider=" + provider + ", publicBaseUrl="
                + publicBaseUrl + ", clientKeys=(" + clientKeys.size() + " keys), allowPrivateUrls=" + allowPrivateUrls
                + ", fakeQueueDelay=" + fakeQueueDelay + ", fakeGenerationDelay=" + fakeGenerationDelay
                + ", fakeMaxTasks=" + fakeMaxTasks + ", fakeTaskTtl=" + fakeTaskTtl + ", shutdownGrace=" + shutdownGrace
                + ", requestHeadTimeout=" + requestHeadTimeout + ", requestBodyTimeout=" + requestBodyTimeout
                + ", taskRecordsMax=" + taskRecordsMax + ", taskRecordsTtl=" + taskRecordsTtl + ", store=" + store
                + ", freepik=" + freepik
                + ", webhooks=" + webhooks + ", results=" + results + "]";
    }

    /** The configuration of the environment the process runs in. */
    public static ServerConfig fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * The configuration {@code env} describes.
     *
     * @throws IllegalArgumentException naming the variable and what is wrong with it
     */
    public static ServerConfig from(Map<String, String> env) {
        Variables vars = new Variables(env);
        Provider provider = vars.get("PROVIDER", "fake", ServerConfig::provider);
        ClientLimits clientLimits = clientLimits(vars, provider);
        StoreLocation storeLocation = vars.get("STORE",
                provider == Provider.FREEPIK ? "sqlite:./data/motion-control.db" : "memory", ServerConfig::storeLocation);
        Duration taskRecordsTtl = vars.get("TASK_RECORDS_TTL", "7d", ServerConfig::positiveDuration);
        boolean inMemory = storeLocation instanceof StoreLocation.Memory;
        ServerConfig config = new ServerConfig(
                vars.get("PORT", "8080", text -> intIn(text, 0, 65_535)),
                vars.get("HOST", "0.0.0.0", Function.identity()),
                provider,
                vars.optional("PUBLIC_BASE_URL", ServerConfig::baseUrl),
                clientKeys(vars, clientLimits),
                clientLimits,
                vars.get("ALLOW_PRIVATE_URLS", "false", ServerConfig::bool),
                vars.get("MEDIA_PREFLIGHT", provider == Provider.FREEPIK ? "enforce" : "off",
                        ServerConfig::mediaPreflight),
                vars.get("UNKNOWN_FIELDS", "ignore", ServerConfig::unknownFields),
                vars.get("FAKE_QUEUE_DELAY", "2s", ServerConfig::duration),
                vars.get("FAKE_GENERATION_DELAY", "5s", ServerConfig::duration),
                vars.get("FAKE_MAX_TASKS", "1000000", text -> intIn(text, 1, Integer.MAX_VALUE)),
                vars.get("FAKE_TASK_TTL", "24h", ServerConfig::duration),
                vars.get("SHUTDOWN_GRACE", "10s", ServerConfig::duration),
                vars.get("REQUEST_HEAD_TIMEOUT", ProtocolGuard.DEFAULT_HEAD_DEADLINE.toSeconds() + "s",
                        ServerConfig::positiveDuration),
                vars.get("REQUEST_BODY_TIMEOUT", ProtocolGuard.DEFAULT_BODY_DEADLINE.toSeconds() + "s",
                        ServerConfig::positiveDuration),
                vars.get("TASK_RECORDS_MAX", "1000000", text -> intIn(text, 1, Integer.MAX_VALUE)),
                taskRecordsTtl,
                new Store(
                        storeLocation,
                        vars.optional("STORE_PASSWORD_FILE", ServerConfig::firstLine)
                                .or(() -> vars.optional("STORE_PASSWORD", Function.identity())),
                        vars.optional("OWNER_SECRET_FILE", ServerConfig::firstLine).map(ServerConfig::ownerSecret)
                                .or(() -> vars.optional("OWNER_SECRET", ServerConfig::ownerSecret)),
                        vars.get("IDEMPOTENCY_KEYS_TTL", "24h", ServerConfig::positiveDuration)),
                new Freepik(
                        vars.optional("FREEPIK_API_KEY", Function.identity()),
                        vars.get("FREEPIK_BASE_URL", "https://api.freepik.com", ServerConfig::baseUrl),
                        vars.get("FREEPIK_API_KEY_HEADER", FreepikHeaders.FREEPIK_API_KEY, ServerConfig::headerName),
                        vars.get("FREEPIK_CONNECT_TIMEOUT", "5s", ServerConfig::positiveDuration),
                        vars.get("FREEPIK_REQUEST_TIMEOUT", "30s", ServerConfig::positiveDuration),
                        vars.get("FREEPIK_DEADLINE", "60s", ServerConfig::positiveDuration),
                        vars.get("FREEPIK_RATE_LIMIT", "10", text -> intIn(text, 1, 10_000)),
                        vars.get("FREEPIK_BURST", "50", text -> intIn(text, 1, 10_000)),
                        vars.get("FREEPIK_MAX_CONCURRENT", "3", text -> intIn(text, 1, 1_000)),
                        statusRecheck(vars.get("STATUS_RECHECK_MIN", "2s", ServerConfig::duration),
                                vars.get("STATUS_RECHECK_MAX", "60s", ServerConfig::duration))
                                .trustingWebhooksFor(vars.get("PROVIDER_WEBHOOK_WAIT", "10m", ServerConfig::duration))),
                new Webhooks(
                        vars.optional("WEBHOOK_SECRET", ServerConfig::webhookSecret),
                        vars.get("PROVIDER_WEBHOOK_SECRET", "", text -> list(text, ServerConfig::webhookSecret)),
                        vars.get("ALLOWED_PRIVATE_HOSTS", "", text -> list(text, ServerConfig::allowListEntry)),
                        vars.get("WEBHOOK_TIMEOUT", "10s", ServerConfig::positiveDuration),
                        vars.get("WEBHOOK_RETRY_WAITS", "5s,5m,30m,2h,5h,10h,10h",
                                text -> list(text, ServerConfig::duration)),
                        vars.get("POLL_FIRST", "1s", ServerConfig::positiveDuration),
                        vars.get("POLL_MAX", "30s", ServerConfig::positiveDuration),
                        vars.get("WEBHOOK_SWEEP_EVERY", "5s", ServerConfig::positiveDuration)),
                new Results(
                        vars.get("RESULTS_STORE", "none", ServerConfig::resultsLocation),
                        vars.optional("RESULTS_S3_ENDPOINT", ServerConfig::baseUrl),
                        vars.optional("RESULTS_S3_REGION", ServerConfig::region)
                                .or(() -> vars.optional("AWS_REGION", ServerConfig::region)).orElse("us-east-1"),
                        vars.optional("RESULTS_S3_ACCESS_KEY_ID", Function.identity()).map(id -> new Results.S3Keys(id,
                                vars.optional("RESULTS_S3_SECRET_ACCESS_KEY_FILE", ServerConfig::firstLine)
                                        .or(() -> vars.optional("RESULTS_S3_SECRET_ACCESS_KEY", Function.identity()))
                                        .orElseThrow(() -> new IllegalArgumentException("RESULTS_S3_ACCESS_KEY_ID "
                                                + "needs RESULTS_S3_SECRET_ACCESS_KEY or its _FILE")))),
                        // A memory store forgets a task TASK_RECORDS_TTL after it was submitted, and with it the
                        // deletion of its copies: they must be deleted before.
                        vars.get("RESULTS_KEEP_FOR", inMemory ? "1d" : "7d", text -> text.trim().equalsIgnoreCase("forever")
                                ? Optional.empty() : Optional.of(positiveDuration(text))),
                        vars.get("RESULTS_LINK_LIFETIME", "24h", ServerConfig::linkLifetime),
                        vars.get("RESULTS_MAX_BYTES", "2GiB", ServerConfig::byteCount),
                        vars.get("RESULTS_FETCH_TIMEOUT", "10m", ServerConfig::positiveDuration)),
                new Operations(
                        vars.optional("MANAGEMENT_PORT", text -> intIn(text, 0, 65_535)),
                        vars.get("MANAGEMENT_HOST", vars.get("HOST", "0.0.0.0", Function.identity()),
                                Function.identity()),
                        vars.optional("MANAGEMENT_TOKEN_FILE", path -> managementToken(firstLine(path)))
                                .or(() -> vars.optional("MANAGEMENT_TOKEN", ServerConfig::managementToken)),
                        vars.get("LOG_FORMAT", "text", ServerConfig::jsonLogs),
                        vars.get("ACCESS_LOG", "false", ServerConfig::bool)));
        if (config.operations().managementPort().filter(port -> port != 0 && port == config.port()).isPresent()) {
            throw new IllegalArgumentException("MANAGEMENT_PORT must differ from PORT: on one port the metrics would be "
                    + "served to the API's clients");
        }
        Results results = config.results();
        // The memory store counts a task's age from its submission, and its copy is made once it completes (up to a
        // day later, for a long queue and the copy's retries): a day's margin.
        if (inMemory && results.kept() && results.keepFor()
                .map(keep -> keep.plus(MEMORY_MARGIN).compareTo(taskRecordsTtl) > 0).orElse(true)) {
            throw new IllegalArgumentException("RESULTS_KEEP_FOR must be at least a day shorter than TASK_RECORDS_TTL "
                    + "with STORE=memory: the store forgets a task after that, and its copies would never be deleted");
        }
        if (results.location() instanceof ResultsLocation.S3 && results.maxBytes() > S3_MOST_BYTES) {
            throw new IllegalArgumentException("RESULTS_MAX_BYTES must be at most 5GiB with S3, the most one upload "
                    + "may hold");
        }
        return config;
    }

    /** How much sooner than the memory store forgets a task its copies must be deleted. */
    private static final Duration MEMORY_MARGIN = Duration.ofDays(1);

    /** The most one S3 upload (PutObject) may hold. */
    private static final long S3_MOST_BYTES = 5L << 30;

    private static ResultsLocation resultsLocation(String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("none")) {
            return new ResultsLocation.None();
        }
        if (value.startsWith("dir:") && value.length() > "dir:".length()) {
            return new ResultsLocation.Directory(Path.of(value.substring("dir:".length())));
        }
        if (value.startsWith("s3://")) {
            String rest = value.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("names no S3 bucket: a bucket is 3 to 63 lower-case letters, "
                        + "digits, dots and hyphens");
            }
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            return new ResultsLocation.S3(bucket, prefix);
        }
        throw new IllegalArgumentException("must be none, dir:<path> or s3://<bucket>[/<prefix>]");
    }

    private static String region(String text) {
        if (!text.trim().matches("[a-z0-9-]{2,40}")) {
            throw new IllegalArgumentException("is not a region name (such as us-east-1)");
        }
        return text.trim();
    }

    private static Duration linkLifetime(String text) {
        Duration lifetime = positiveDuration(text);
        if (lifetime.compareTo(Results.LONGEST_LINK) > 0) {
            throw new IllegalArgumentException("must be at most 7d (S3 signs links for at most 7 days)");
        }
        return lifetime;
    }

    private static final Pattern BYTE_COUNT = Pattern.compile("(\\d{1,13})\\s*(|B|KiB|MiB|GiB)");

    private static long byteCount(String text) {
        Matcher size = BYTE_COUNT.matcher(text.trim());
        if (!size.matches()) {
            throw new IllegalArgumentException("must be a number of bytes, optionally with KiB, MiB or GiB");
        }
        long unit = switch (size.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1;
        };
        long bytes = Long.parseLong(size.group(1)) * unit;
        if (bytes < 1 || bytes > (1L << 40)) {
            throw new IllegalArgumentException("must be between 1 byte and 1024GiB");
        }
        return bytes;
    }

    private static MediaPreflight.Mode mediaPreflight(String text) {
        return MediaPreflight.Mode.named(text).orElseThrow(() -> new IllegalArgumentException(
                "must be enforce, warn or off"));
    }

    private static <T> List<T> list(String text, Function<String, T> parse) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).map(parse).toList();
    }

    private static String webhookSecret(String text) {
        try {
            WebhookSecret.parse(text);
            return text;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a usable webhook secret: " + e.getMessage());
        }
    }

    private static String allowListEntry(String text) {
        try {
            UrlAccessPolicy.publicOnlyExcept(List.of(text));
            return text;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has an entry that " + e.getMessage());
        }
    }

    /** The limits of a key without its own: {@code CLIENT_RATE_LIMIT}, {@code CLIENT_BURST}, {@code CLIENT_MAX_UNFINISHED}. */
    private static ClientLimits clientLimits(Variables vars, Provider provider) {
        boolean freepik = provider == Provider.FREEPIK;
        double rate = vars.get("CLIENT_RATE_LIMIT", freepik ? "50" : "none", ServerConfig::clientRate);
        int burst = vars.get("CLIENT_BURST", rate == Double.POSITIVE_INFINITY ? "none"
                : Long.toString(Math.max(1, Math.round(2 * rate))), ServerConfig::clientBurst);
        int unfinished = vars.get("CLIENT_MAX_UNFINISHED", freepik ? "50" : "none", ServerConfig::clientUnfinished);
        return clientLimits(rate, burst, unfinished);
    }

    /**
     * {@code CLIENT_API_KEYS} (comma-separated) and the keys in {@code CLIENT_API_KEYS_FILE} (one a line, with its
     * own limits if it names any), each with its limits.
     */
    private static Map<String, ClientLimits> clientKeys(Variables vars, ClientLimits defaults) {
        Map<String, ClientLimits> keys = new java.util.HashMap<>();
        vars.get("CLIENT_API_KEYS", "", ServerConfig::keys).forEach(key -> keys.put(key, defaults));
        keys.putAll(vars.optional("CLIENT_API_KEYS_FILE", path -> keysFile(path, defaults)).orElse(Map.of()));
        return keys;
    }

    /**
     * The keys of a file: a key a line, followed by any of {@code rate=<requests per second>}, {@code burst=<n>},
     * {@code unfinished=<n>} ({@code none} for no limit), separated by spaces; the others are {@code defaults}. A
     * message about a line names its number, never its key.
     */
    private static Map<String, ClientLimits> keysFile(String path, ClientLimits defaults) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("names a file that cannot be read: " + path + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<String, ClientLimits> keys = new java.util.HashMap<>();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            try {
                keys.put(words[0], keyLimits(Arrays.asList(words).subList(1, words.length), defaults));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage());
            }
        }
        return keys;
    }

    private static ClientLimits keyLimits(List<String> options, ClientLimits defaults) {
        double rate = defaults.requestsPerSecond();
        Integer burst = null;
        int unfinished = defaults.maxUnfinishedTasks();
        for (String option : options) {
            int equals = option.indexOf('=');
            String name = equals < 0 ? option : option.substring(0, equals);
            String value = equals < 0 ? "" : option.substring(equals + 1);
            switch (name) {
                case "rate" -> rate = clientRate(value);
                case "burst" -> burst = clientBurst(value);
                case "unfinished" -> unfinished = clientUnfinished(value);
                default -> throw new IllegalArgumentException("after the key, expected rate=, burst= or unfinished=, "
                        + "separated by spaces (a key holds no spaces)");
            }
        }
        if (burst == null) {
            burst = rate == defaults.requestsPerSecond() ? defaults.burst()
                    : rate == Double.POSITIVE_INFINITY ? Integer.MAX_VALUE : (int) Math.max(1, Math.round(2 * rate));
        }
        return clientLimits(rate, burst, unfinished);
    }

    private static ClientLimits clientLimits(double rate, int burst, int unfinished) {
        try {
            return new ClientLimits(rate, burst, unfinished);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("limits a client wrongly: " + e.getMessage());
        }
    }

    private static double clientRate(String text) {
        if (text.equalsIgnoreCase("none")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double rate = Double.parseDouble(text);
            if (rate >= 0.001 && rate <= 1_000_000) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("must be requests per second from 0.001 to 1000000, or none, was '"
                + text + "'");
    }

    private static int clientBurst(String text) {
        return text.equalsIgnoreCase("none") ? Integer.MAX_VALUE : intIn(text, 1, 1_000_000);
    }

    private static int clientUnfinished(String text) {
        return text.equalsIgnoreCase("none") ? Integer.MAX_VALUE : intIn(text, 1, ClientLimits.MOST_UNFINISHED);
    }

    private static StoreLocation storeLocation(String text) {
        if (text.equalsIgnoreCase("memory")) {
            return new StoreLocation.Memory();
        }
        if (text.startsWith("sqlite:") && text.length() > "sqlite:".length()) {
            try {
                return new StoreLocation.Sqlite(Path.of(text.substring("sqlite:".length())));
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("names a path that cannot be a file: " + e.getMessage());
            }
        }
        if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
            return new StoreLocation.Postgresql(text);
        }
        // Not echoed: a mistyped PostgreSQL URL may hold a password.
        throw new IllegalArgumentException("must be memory, sqlite:<path> or postgresql://host/database");
    }

    private static String firstLine(String path) {
        try (java.io.BufferedReader reader = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                throw new IllegalArgumentException("names an empty file: " + path);
            }
            return line.strip();
        } catch (IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("names a file that cannot be read: " + path + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String ownerSecret(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("must be at least 32 bytes long (e.g. openssl rand -hex 32)");
        }
        return text;
    }

    private static String headerName(String text) {
        if (text.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-'))) {
            return text;
        }
        throw new IllegalArgumentException("must be an HTTP header name such as x-freepik-api-key, was '" + text + "'");
    }

    private static Duration positiveDuration(String text) {
        Duration duration = duration(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException("must be longer than zero, was '" + text + "'");
        }
        return duration;
    }

    /** The base URL clients use, given the port actually bound. */
    public URI publicBaseUrl(int actualPort) {
        return publicBaseUrl.orElseGet(() -> URI.create("http://localhost:" + actualPort + "/"));
    }

    private record Variables(Map<String, String> env) {

        <T> T get(String name, String fallback, Function<String, T> parse) {
            String text = env.get(name);
            return parse(name, text == null || text.isBlank() ? fallback : text.trim(), parse);
        }

        <T> Optional<T> optional(String name, Function<String, T> parse) {
            String text = env.get(name);
            return text == null || text.isBlank() ? Optional.empty() : Optional.of(parse(name, text.trim(), parse));
        }

        private static <T> T parse(String name, String text, Function<String, T> parse) {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " " + e.getMessage(), e);
            }
        }
    }

    private static int intIn(String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new IllegalArgumentException("must be a whole number from " + min + " to " + max + ", was '" + text + "'");
    }

    private static StatusFreshness statusRecheck(Duration least, Duration most) {
        if (most.compareTo(least) < 0) {
            throw new IllegalArgumentException("STATUS_RECHECK_MAX (" + most + ") must be at least STATUS_RECHECK_MIN ("
                    + least + ")");
        }
        return new StatusFreshness(least, most);
    }

    private static UnknownFields unknownFields(String text) {
        if (text.equalsIgnoreCase("ignore")) {
            return UnknownFields.IGNORE;
        }
        if (text.equalsIgnoreCase("reject")) {
            return UnknownFields.REJECT;
        }
        throw new IllegalArgumentException("must be 'ignore' or 'reject', was '" + text + "'");
    }

    private static Provider provider(String text) {
        if (text.equalsIgnoreCase("fake")) {
            return Provider.FAKE;
        }
        if (text.equalsIgnoreCase("freepik")) {
            return Provider.FREEPIK;
        }
        throw new IllegalArgumentException("must be 'fake' or 'freepik', was '" + text + "'");
    }

    private static URI baseUrl(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text : text + "/");
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("must be an absolute http(s) URL such as https://motion.example.com, was '"
                + text + "'");
    }

    private static Set<String> keys(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(key -> !key.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static boolean jsonLogs(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("must be text or json, was '" + text + "'");
        };
    }

    private static String managementToken(String text) {
        if (text.strip().length() < 16) {
            throw new IllegalArgumentException("must be at least 16 characters (it guards the metrics)");
        }
        return text.strip();
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("must be true or false, was '" + text + "'");
        };
    }

    /** {@code 500ms}, {@code 2s}, {@code 5m}, {@code 24h}, {@code 7d}, {@code 0}, or ISO-8601 such as {@code PT2S}. */
    static Duration duration(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("pt") || lower.startsWith("p")) {
                return nonNegative(Duration.parse(text), text);
            }
            if (lower.equals("0")) {
                return Duration.ZERO;
            }
            int split = 0;
            while (split < lower.length() && Character.isDigit(lower.charAt(split))) {
                split++;
            }
            long amount = Long.parseLong(lower.substring(0, split));
            return switch (lower.substring(split)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("must be a duration such as 500ms, 2s, 5m, 24h or 7d, was '" + text + "'");
        }
    }

    private static Duration nonNegative(Duration duration, String text) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("must not be negative, was '" + text + "'");
        }
        return duration;
    }
}
