package dev.motioncontrol.adapters.http;

import dev.motioncontrol.domain.webhook.SignedWebhook;
import dev.motioncontrol.freepik.api.FreepikHeaders;
import java.util.Optional;
import java.util.Arrays;
import io.vertx.ext.web.MIMEHeader;
import dev.motioncontrol.freepik.api.WireMapper;
import dev.motioncontrol.freepik.api.SubmitBodyReader.UnknownFields;
import dev.motioncontrol.freepik.api.SubmitBodyReader;
import dev.motioncontrol.freepik.api.FreepikPaths;
import dev.motioncontrol.freepik.api.FreepikJson;
import dev.motioncontrol.freepik.api.ErrorBody;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.Cancellation;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.GetTaskStatusUseCase;
import dev.motioncontrol.application.port.in.DownloadResultUseCase;
import dev.motioncontrol.application.port.in.GetResultCopiesUseCase;
import dev.motioncontrol.application.port.in.GetTaskMediaUseCase;
import dev.motioncontrol.application.port.in.GetWebhookDeliveryUseCase;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ListTasksUseCase;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.Outcome;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase.ProviderWebhook;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.in.SubmitMotionTransferUseCase;
import dev.motioncontrol.application.port.in.WatchTaskUseCase;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The motion-control API as the provider (Freepik, also served as Magnific) exposes it, so that an existing
 * client works by changing only its base URL:
 *
 * <ul>
 *   <li>Kling 2.6: {@code POST /v1/ai/video/kling-v2-6-motion-control-pro} and {@code …-std}: submit, Pro or
 *       Standard tier; {@code 200 {"data":{"task_id","status","generated"}}}. {@code GET
 *       /v1/ai/image-to-video/kling-v2-6/{task-id}}, and the aliases
 *       {@code GET /v1/ai/video/kling-v2-6-motion-control-{pro|std}/{task-id}}: one task, same envelope.
 *       {@code GET /v1/ai/image-to-video/kling-v2-6}: the caller's 2.6 tasks, {@code {"data":[…]}}.</li>
 *   <li>Kling 3: {@code POST /v1/ai/video/kling-v3-motion-control-{pro|std}}: submit; {@code GET} the same path
 *       plus {@code /{task-id}}: one task (either tier's path finds it); {@code GET} the same path: that tier's
 *       tasks.</li>
 * </ul>
 *
 * <p>The paths come from {@code FreepikPaths}. A task is found only under the paths of its own model, as at
 * the provider: a 2.6 task is 404 at every Kling 3 path and the reverse.
 *
 * <p>Beyond the provider's API, each installed only when its use case is given to the {@link Builder}:
 *
 * <ul>
 *   <li>Live status ({@link Builder#liveStatus}): a task's status path with {@code Accept: text/event-stream},
 *       or that path plus {@code /events} whatever the {@code Accept}, streams Server-Sent Events: one
 *       {@code event: status} per change with the status answer as data, ended after the terminal one, and a
 *       {@code : keep-alive} comment every 15 seconds by default. A failure is answered as by the status
 *       request, before any event.</li>
 *   <li>Webhook delivery ({@link Builder#webhookDeliveries}): a task's status path plus {@code /webhook}:
 *       {@code {"data":{"task_id","webhook_url","state","attempts","last_attempt_at","last_status",
 *       "last_error","next_attempt_at"}}}, times in ISO-8601 and what is not known {@code null}.</li>
 *   <li>Measured media ({@link Builder#taskMedia}): a task's status path plus {@code /media}: what the media
 *       preflight measured of its image and video before it was paid for, {@code {"data":{"task_id","image":
 *       {"format","width","height","size_bytes","size_at_least"},"video":{"format","duration_seconds",
 *       "duration_estimated","size_bytes"}}}}; a medium that was not measured is left out, and what is not known
 *       is {@code null}.</li>
 *   <li>Result copies ({@link Builder#resultCopies}): a task's status path plus {@code /results}: where the service's
 *       copies of its generated videos stand (see {@code ResultsAnswer}).</li>
 *   <li>Result downloads ({@link Builder#resultDownloads}): {@code GET} {@value #RESULTS_PATH}{@code {task-id}/{index}},
 *       the copies themselves, for the owner's key or a signed link (see {@code ResultDownloads}).</li>
 *   <li>Playground ({@link Builder#playground}): {@code GET} {@value #PLAYGROUND_PATH}, a page to try the API in a
 *       browser, and its files under it; {@code GET /} redirects to it. No key is needed for the page.</li>
 *   <li>Provider callbacks ({@link Builder#providerCallbacks}): {@code POST} {@value #PROVIDER_CALLBACK_PATH},
 *       the webhook the provider sends. It needs no API key (its signature is its credential): 200
 *       {@code {"message":"…"}} whatever became of it, so that the provider stops retrying, and 401 for a
 *       signature that does not verify.</li>
 *   <li>The API document ({@link Builder#apiDocument}): {@code GET} {@value ApiDocument#YAML_PATH} and
 *       {@value ApiDocument#JSON_PATH}, the service's API in OpenAPI 3.1, without a key.</li>
 * </ul>
 *
 * <p>Every route is named after its path in the API document, as an OpenAPI template
 * ({@code /v1/ai/image-to-video/kling-v2-6/{task-id}}), never a concrete path: Vert.x Web reports the name to its
 * metrics, so a name is one label per documented path, however many tasks there are.
 *
 * <p>Every call of the API (the playground's files are not) needs the API key in {@value #FREEPIK_API_KEY_HEADER} or {@value #MAGNIFIC_API_KEY_HEADER}
 * (the first wins when both are sent); without one the answer is 401 {@code Missing API key}, before the
 * body is looked at; a key the service does not accept is 401 {@code Invalid API key}. The key is never
 * logged nor echoed.
 *
 * <p>Every answer of the API, errors included, is {@code application/json}: 400 lists every invalid parameter at once;
 * 401, 404 (also for a task id that cannot be one), 405 (with {@code Allow}), 413 (body over
 * {@link #MAX_BODY_BYTES}), 415 (a submit that is not {@code application/json}), 429 (with
 * {@code Retry-After} when known), 503, and 500 only for a bug, which is logged. A submit body is read
 * strictly: wrong JSON types, unknown and repeated fields are reported by name, never guessed at.
 */
public final class MotionControlHttpApi {

    /**
     * The largest submit body accepted, in bytes (64 KiB); a larger one is answered 413 without being read.
     * A valid body is far smaller: two URLs of at most 2048 characters and a prompt of at most 2500
     * characters (four UTF-8 bytes each at worst).
     */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * Where the service's copies of generated videos are downloaded: {@code {task-id}/{index}} follow (see
     * {@link Builder#resultDownloads}).
     */
    public static final String RESULTS_PATH = ResultDownloads.PATH;

    /** The header Freepik reads the API key from. */
    public static final String FREEPIK_API_KEY_HEADER = FreepikHeaders.FREEPIK_API_KEY;

    /** The header Magnific (the same API under another name) reads the API key from; accepted too. */
    public static final String MAGNIFIC_API_KEY_HEADER = FreepikHeaders.MAGNIFIC_API_KEY;

    /**
     * Where the provider posts its webhooks about the service's tasks; the service hands the provider this
     * path under its public base URL.
     */
    public static final String PROVIDER_CALLBACK_PATH = "/v1/callbacks/freepik";

    /** Where the playground page is served (see {@link Builder#playground}). */
    public static final String PLAYGROUND_PATH = Playground.PATH;

    /** What follows a task's status path where its live status stream is served whatever the {@code Accept}. */
    public static final String EVENTS_SUFFIX = "/events";

    /** How often an open live status stream gets a comment, so that idle proxies do not close it. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

    /**
     * How long a request may wait for its use case before it is answered anyway (see
     * {@link Builder#answerWithin}): past the Freepik client's default deadline of 60 s.
     */
    public static final Duration DEFAULT_ANSWER_DEADLINE = Duration.ofSeconds(65);

    /**
     * The response header naming, comma-separated, the fields of a submit that the service did not know and
     * left out of the request (see {@link Builder#unknownFields}).
     */
    public static final String IGNORED_FIELDS_HEADER = "x-motion-control-ignored-fields";
    /** The client's name for one submit (Stripe's header): sent again with the same body, it pays nothing more. */
    public static final String IDEMPOTENCY_KEY = SubmitMotionTransferCommand.IDEMPOTENCY_KEY;

    private static final String TASK_ID = "taskId";
    /** The task id's parameter in the API document's path templates. */
    private static final String TASK_ID_TEMPLATE = "{task-id}";
    private static final String CALLER = MotionControlHttpApi.class.getName() + ".caller";

    static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence FREEPIK_KEY = HttpHeaders.createOptimized(FREEPIK_API_KEY_HEADER);
    private static final CharSequence MAGNIFIC_KEY = HttpHeaders.createOptimized(MAGNIFIC_API_KEY_HEADER);
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
    private static final CharSequence IGNORED_FIELDS = HttpHeaders.createOptimized(IGNORED_FIELDS_HEADER);
    private static final String EVENT_STREAM = "text/event-stream";

    private static final Logger LOG = LoggerFactory.getLogger(MotionControlHttpApi.class);

    private final SubmitMotionTransferUseCase submit;
    private final GetTaskStatusUseCase status;
    private final ListTasksUseCase list;
    private final WatchTaskUseCase watch;
    private final GetWebhookDeliveryUseCase deliveries;
    private final GetTaskMediaUseCase media;
    private final GetResultCopiesUseCase resultCopies;
    private final ResultDownloads resultDownloads;
    private final ReceiveProviderWebhookUseCase callbacks;
    private final ApiDocument document;
    private final Duration keepAlive;
    private final UnknownFields unknownFields;
    private final long answerDeadlineMillis;
    private final boolean playground;

    private MotionControlHttpApi(Builder builder) {
        this.submit = builder.submit;
        this.status = builder.status;
        this.list = builder.list;
        this.watch = builder.watch;
        this.deliveries = builder.deliveries;
        this.media = builder.media;
        this.resultCopies = builder.resultCopies;
        this.resultDownloads = builder.resultDownloads == null ? null : new ResultDownloads(builder.resultDownloads);
        this.callbacks = builder.callbacks;
        this.document = builder.document;
        this.keepAlive = builder.keepAlive;
        this.unknownFields = builder.unknownFields;
        this.answerDeadlineMillis = builder.answerDeadline.toMillis();
        this.playground = builder.playground;
    }

    /**
     * A router serving the provider's API with these use cases, and nothing more; the same as
     * {@code builder(submit, status, list).build(vertx)}.
     */
    public static Router router(Vertx vertx, SubmitMotionTransferUseCase submit, GetTaskStatusUseCase status,
            ListTasksUseCase list) {
        return builder(submit, status, list).build(vertx);
    }

    /**
     * Starts a router with the provider's API on these use cases; the builder's other methods add what
     * goes beyond it.
     */
    public static Builder builder(SubmitMotionTransferUseCase submit, GetTaskStatusUseCase status,
            ListTasksUseCase list) {
        return new Builder(submit, status, list);
    }

    /**
     * Which use cases the router serves. The three of the provider's API are required; each other one,
     * when given, installs its routes, and when not, leaves them out (they answer 404 like any unknown path).
     */
    public static final class Builder {

        private final SubmitMotionTransferUseCase submit;
        private final GetTaskStatusUseCase status;
        private final ListTasksUseCase list;
        private WatchTaskUseCase watch;
        private GetWebhookDeliveryUseCase deliveries;
        private GetTaskMediaUseCase media;
        private GetResultCopiesUseCase resultCopies;
        private DownloadResultUseCase resultDownloads;
        private ReceiveProviderWebhookUseCase callbacks;
        private ApiDocument document;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private UnknownFields unknownFields = UnknownFields.IGNORE;
        private Duration answerDeadline = DEFAULT_ANSWER_DEADLINE;
        private boolean playground;

        private Builder(SubmitMotionTransferUseCase submit, GetTaskStatusUseCase status, ListTasksUseCase list) {
            this.submit = Objects.requireNonNull(submit, "submit");
            this.status = Objects.requireNonNull(status, "status");
            this.list = Objects.requireNonNull(list, "list");
        }

        /** Serves live status streams (Server-Sent Events) of the tasks {@code watch} follows. */
        public Builder liveStatus(WatchTaskUseCase watch) {
            this.watch = Objects.requireNonNull(watch, "watch");
            return this;
        }

        /**
         * How often an open live status stream gets a keep-alive comment; {@link #DEFAULT_KEEP_ALIVE}
         * unless set.
         */
        public Builder keepAliveEvery(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("a keep-alive interval is at least a millisecond, was " + interval);
            }
            this.keepAlive = interval;
            return this;
        }

        /**
         * What a submit's unknown field does. {@link UnknownFields#IGNORE} (the default, as the provider
         * ignores them, and clients written for it send some): left out of the request, named in
         * {@value MotionControlHttpApi#IGNORED_FIELDS_HEADER} and logged. {@link UnknownFields#REJECT}: a 400.
         * Either way a likely typo of a known field ({@code promt}) is a 400 with a "did you mean".
         */
        public Builder unknownFields(UnknownFields policy) {
            this.unknownFields = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How long a submit, status or list request waits for its use case before it is answered anyway
         * ({@link #DEFAULT_ANSWER_DEADLINE} unless set): a read with 503, a submit with 502 "may have created the
         * task" (it is seen through if it reached the provider; if it had not, it is dropped). Set it past the
         * longest the use cases can take (the Freepik client's deadline), and the server's idle timeout past it
         * ({@link ProtocolGuard} does), so that every request gets an answer before its connection is closed.
         */
        public Builder answerWithin(Duration deadline) {
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.toMillis() < 1) {
                throw new IllegalArgumentException("an answer deadline is at least a millisecond, was " + deadline);
            }
            this.answerDeadline = deadline;
            return this;
        }

        /** Serves how the delivery of a task's webhook stands. */
        public Builder webhookDeliveries(GetWebhookDeliveryUseCase deliveries) {
            this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
            return this;
        }

        /** Serves where the service's copies of a task's generated videos stand. */
        public Builder resultCopies(GetResultCopiesUseCase copies) {
            this.resultCopies = Objects.requireNonNull(copies, "copies");
            return this;
        }

        /** Serves the service's copies of generated videos at {@value #RESULTS_PATH}. */
        public Builder resultDownloads(DownloadResultUseCase downloads) {
            this.resultDownloads = Objects.requireNonNull(downloads, "downloads");
            return this;
        }

        /** Serves what was measured of a task's media before it was paid for. */
        public Builder taskMedia(GetTaskMediaUseCase media) {
            this.media = Objects.requireNonNull(media, "media");
            return this;
        }

        /** Takes in the provider's webhooks at {@value MotionControlHttpApi#PROVIDER_CALLBACK_PATH}. */
        public Builder providerCallbacks(ReceiveProviderWebhookUseCase callbacks) {
            this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
            return this;
        }

        /**
         * Serves {@code document} at {@value ApiDocument#YAML_PATH} and {@value ApiDocument#JSON_PATH}, to anyone
         * (no key), cacheable. It describes the whole service, so a router that serves only part of it should not.
         */
        public Builder apiDocument(ApiDocument document) {
            this.document = Objects.requireNonNull(document, "document");
            return this;
        }

        /**
         * Serves the playground: a page at {@value #PLAYGROUND_PATH}, with {@code GET /} redirected to it, from
         * which a person tries the API in a browser with their key (submit, watch, play, list). The page itself
         * needs no key; it calls the API as any client does.
         */
        public Builder playground() {
            this.playground = true;
            return this;
        }

        /**
         * A router serving the API. It installs no catch-all route, so routes added to it later (by the
         * server) are still reached; unmatched requests and failures get JSON bodies through
         * {@link Router#errorHandler(int, io.vertx.core.Handler)} for every status from 400 to 599.
         */
        public Router build(Vertx vertx) {
            Objects.requireNonNull(vertx, "vertx");
            return new MotionControlHttpApi(this).install(Router.router(vertx));
        }
    }

    private Router install(Router router) {
        // The hot path first, with a single handler and no body handling: a prefix route per status path, the id
        // read from the path here (a ":taskId" route costs a regular expression and the request's parameter map on
        // every status request), and the router tries it before any other. A path that is not the prefix and one more
        // segment (the list, the events and webhook paths, a trailing slash) goes on to the other routes. A task is
        // found only under its own model's paths: each route knows its model. A prefix route is named, like every
        // route, after the document's template of the path it answers (…/{task-id}), not after its "/*".
        List<String> submitPaths = FreepikPaths.all().stream().map(FreepikPaths.Endpoints::submit).toList();
        for (Model model : Model.values()) {
            for (String prefix : FreepikPaths.statusPaths(model)) {
                if (!submitPaths.contains(prefix)) {
                    get(router, prefix + "/*").setName(taskTemplate(prefix)).handler(ctx -> {
                        String taskId = lastSegmentAfter(ctx.normalizedPath(), prefix);
                        if (taskId == null) {
                            ctx.next();
                        } else {
                            status(ctx, model, taskId);
                        }
                    });
                }
            }
        }

        // Then the submits: their paths are exact, so a GET passes them with a string comparison, while a submit
        // behind the ":taskId" routes would pay a regular-expression match for each of them.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        if (callbacks != null) {
            // No key check before the body: the provider sends none; the signature over the body is what counts.
            router.post(PROVIDER_CALLBACK_PATH).setName(PROVIDER_CALLBACK_PATH).handler(body)
                    .handler(this::providerCallback).failureHandler(MotionControlHttpApi::unlessClientLeft);
        }
        for (FreepikPaths.Endpoints endpoints : FreepikPaths.all()) {
            // Two routes, because Vert.x 5 lets no user handler precede a body handler on one route: the
            // key and the content type are checked before a byte of the body is read. The first handler
            // passes on synchronously, so the body handler still sees the whole body.
            router.post(endpoints.submit()).setName(endpoints.submit()).handler(MotionControlHttpApi::admitSubmit);
            router.post(endpoints.submit()).setName(endpoints.submit()).handler(body)
                    .handler(ctx -> submit(ctx, endpoints.model(), endpoints.tier()))
                    .failureHandler(MotionControlHttpApi::unlessClientLeft);
        }

        // A status path that is also a submit path keeps a ":taskId" route, after the submits: a GET route on the
        // submit path itself would turn its 405 (Allow: POST) into a 404.
        for (Model model : Model.values()) {
            for (String prefix : FreepikPaths.statusPaths(model)) {
                if (submitPaths.contains(prefix)) {
                    get(router, taskRoute(prefix)).setName(taskTemplate(prefix))
                            .handler(ctx -> status(ctx, model, ctx.pathParam(TASK_ID)));
                }
            }
        }
        for (FreepikPaths.ListPath listPath : FreepikPaths.listPaths()) {
            get(router, listPath.path()).setName(listPath.path()).handler(ctx -> list(ctx, listPath));
        }

        for (Model model : Model.values()) {
            for (String prefix : FreepikPaths.statusPaths(model)) {
                String route = taskRoute(prefix);
                String template = taskTemplate(prefix);
                if (watch != null) {
                    get(router, route + EVENTS_SUFFIX).setName(template + EVENTS_SUFFIX).handler(ctx -> liveStatus(ctx, model));
                }
                if (deliveries != null) {
                    get(router, route + "/webhook").setName(template + "/webhook")
                            .handler(ctx -> webhookDelivery(ctx, model));
                }
                if (media != null) {
                    get(router, route + "/media").setName(template + "/media").handler(ctx -> taskMedia(ctx, model));
                }
                if (resultCopies != null) {
                    get(router, route + "/results").setName(template + "/results")
                            .handler(ctx -> taskResults(ctx, model));
                }
            }
        }
        if (resultDownloads != null) {
            get(router, RESULTS_PATH + ":" + TASK_ID + "/:index").setName(RESULTS_PATH + TASK_ID_TEMPLATE + "/{index}")
                    .handler(ctx -> resultDownloads.handle(ctx, caller(ctx)));
        }
        if (document != null) {
            document.install(router);
        }

        if (playground) {
            Playground.install(router);
        }

        ErrorPages.install(router, MotionControlHttpApi::undecodableTaskId);
        return router;
    }

    /**
     * A route for {@code GET} and {@code HEAD} of {@code path}: a {@code HEAD} gets the headers a {@code GET} would,
     * without the body (Vert.x writes none for it), as RFC 9110 asks of every {@code GET} resource.
     */
    public static Route get(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    /** The route of a task under {@code prefix}, its id a path parameter. */
    private static String taskRoute(String prefix) {
        return prefix + "/:" + TASK_ID;
    }

    /**
     * The API document's template of a task's path under {@code prefix}: the name of every route of that path, the
     * prefix route of the hot path included.
     */
    private static String taskTemplate(String prefix) {
        return prefix + "/" + TASK_ID_TEMPLATE;
    }

    /**
     * A client that closes its connection while sending a body has left: there is no one to answer and
     * nothing went wrong here, so the failure ends quietly instead of being logged as an error.
     */
    private static void unlessClientLeft(RoutingContext ctx) {
        if (ctx.failure() instanceof HttpClosedException || ctx.response().closed()) {
            return;
        }
        if (ctx.failure() != null && !(ctx.failure() instanceof HttpException)
                && (ctx.statusCode() == 200 || ctx.statusCode() == 400)) {
            // The body handler's word for a body the HTTP decoder could not read (a chunk size that is not hex):
            // the client's fault, answered once, without a stack trace, on a connection that cannot go on.
            ProtocolGuard.refuse(ctx.request(), 400, "The request body could not be read: "
                    + ProtocolGuard.printable(String.valueOf(ctx.failure().getMessage())));
            return;
        }
        ctx.next();
    }

    /**
     * A task path whose id the router could not even decode ({@code %zz}) names no task: 404 like any
     * other id that cannot be one, after the key check every task path gets. False for other paths.
     */
    private static boolean undecodableTaskId(RoutingContext ctx) {
        String path = ctx.request().path();
        boolean taskPath = path != null && Arrays.stream(Model.values()).flatMap(model -> FreepikPaths.statusPaths(model).stream())
                .anyMatch(prefix -> path.startsWith(prefix + "/") && path.indexOf('/', prefix.length() + 1) < 0);
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD || !taskPath) {
            return false;
        }
        if (caller(ctx) == null) {
            respond(ctx, new ErrorResponse(401, FailureMapper.MISSING_API_KEY));
        } else {
            respond(ctx, new ErrorResponse(404, FailureMapper.NOT_FOUND));
        }
        return true;
    }

    /** Before the body is read: a key must be there, and the body must be declared JSON. */
    private static void admitSubmit(RoutingContext ctx) {
        ClientKey caller = caller(ctx);
        if (caller == null) {
            respond(ctx, new ErrorResponse(401, FailureMapper.MISSING_API_KEY));
            return;
        }
        String problem = jsonContentTypeProblem(ctx);
        if (problem != null) {
            respond(ctx, new ErrorResponse(415, problem));
            return;
        }
        ctx.put(CALLER, caller);
        ctx.next();
    }

    private void submit(RoutingContext ctx, Model model, Tier tier) {
        ClientKey caller = ctx.get(CALLER);
        Buffer body = ctx.body().buffer();
        SubmitBodyReader.Reading reading = SubmitBodyReader.read(body == null ? new byte[0] : body.getBytes(),
                unknownFields);
        if (reading instanceof SubmitBodyReader.Unreadable unreadable) {
            respond(ctx, new ErrorResponse(400, unreadable.error(), OptionalLong.empty()));
            return;
        }
        if (reading instanceof SubmitBodyReader.Unsupported unsupported) {
            respond(ctx, new ErrorResponse(415, unsupported.error(), OptionalLong.empty()));
            return;
        }
        SubmitBodyReader.Readable readable = (SubmitBodyReader.Readable) reading;
        MotionTransferRequest request = WireMapper.INSTANCE.toRequest(readable.body(), model, tier, readable.problems());
        List<String> keys = ctx.request().headers().getAll(IDEMPOTENCY_KEY);
        if (keys.size() > 1) {
            respond(ctx, FailureMapper.toResponse(new MotionTransferFailure.InvalidRequest(List.of(new Violation(
                    IDEMPOTENCY_KEY, "was sent " + keys.size() + " times; send it once")))));
            return;
        }
        Optional<String> key = keys.stream().findFirst();
        answer(ctx, cancellation -> submit.submit(new SubmitMotionTransferCommand(caller, request, key, cancellation)),
                task -> {
            // Only on an accepted submit: before the key is checked, a field's name is anybody's text.
            if (!readable.ignored().isEmpty()) {
                String ignored = ignoredFieldsHeader(readable.ignored());
                LOG.info("Submit of task {} named fields the API does not know; left out: {}", task.id().value(), ignored);
                ctx.response().putHeader(IGNORED_FIELDS, ignored);
            }
            return envelope(task);
        }, this::submitTooLate);
    }

    /** A submit not answered within the deadline: it may yet create the task, so the client must look first. */
    private MotionTransferFailure submitTooLate() {
        return new MotionTransferFailure.SubmissionUncertain("The submission was not answered within "
                + answerDeadlineMillis / 1000 + " s. If it reached the provider, it may still create the task: list "
                + "your tasks, or send it again with the same Idempotency-Key, before you submit again.");
    }

    private MotionTransferFailure readTooLate() {
        return new MotionTransferFailure.ProviderUnavailable("No answer within " + answerDeadlineMillis + " ms");
    }

    /** The one segment after {@code prefix + "/"} in {@code path}, or {@code null} when the path is not that. */
    private static String lastSegmentAfter(String path, String prefix) {
        int start = prefix.length() + 1;
        if (path == null || path.length() <= start || !path.startsWith(prefix) || path.charAt(prefix.length()) != '/'
                || path.indexOf('/', start) >= 0) {
            return null;
        }
        return path.substring(start);
    }

    private void status(RoutingContext ctx, Model model, String taskId) {
        if (watch != null && wantsEventStream(ctx)) {
            GetTaskStatusQuery query = taskQuery(ctx, model, taskId);
            if (query != null) {
                LiveStatusStream.start(ctx, watch, query, keepAlive, answerDeadlineMillis, this::readTooLate);
            }
            return;
        }
        GetTaskStatusQuery query = taskQuery(ctx, model, taskId);
        if (query == null) {
            return;
        }
        answer(ctx, cancellation -> status.getStatus(new GetTaskStatusQuery(query.caller(), query.taskId(),
                query.model(), cancellation)), MotionControlHttpApi::envelope,
                this::readTooLate);
    }

    private static boolean wantsEventStream(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(EVENT_STREAM);
    }

    private void liveStatus(RoutingContext ctx, Model model) {
        GetTaskStatusQuery query = taskQuery(ctx, model);
        if (query != null) {
            LiveStatusStream.start(ctx, watch, query, keepAlive, answerDeadlineMillis, this::readTooLate);
        }
    }

    private void webhookDelivery(RoutingContext ctx, Model model) {
        GetTaskStatusQuery query = taskQuery(ctx, model);
        if (query == null) {
            return;
        }
        answer(ctx, cancellation -> deliveries.getWebhookDelivery(query),
                delivery -> json(DeliveryMapper.INSTANCE.toDeliveryEnvelope(query.taskId(), delivery)),
                this::readTooLate);
    }

    private void taskMedia(RoutingContext ctx, Model model) {
        GetTaskStatusQuery query = taskQuery(ctx, model);
        if (query == null) {
            return;
        }
        answer(ctx, cancellation -> media.getTaskMedia(query),
                measured -> json(MediaAnswer.of(query.taskId(), measured)), this::readTooLate);
    }

    private void taskResults(RoutingContext ctx, Model model) {
        GetTaskStatusQuery query = taskQuery(ctx, model);
        if (query == null) {
            return;
        }
        answer(ctx, cancellation -> resultCopies.getResultCopies(query),
                copies -> json(ResultsAnswer.of(query.taskId(), copies)), this::readTooLate);
    }

    /**
     * The caller and the task of a request on a task path of {@code model}, or {@code null} once the request is
     * answered: 401 without a key, 404 for an id no task can have (an unknown task, not a bad request).
     */
    private static GetTaskStatusQuery taskQuery(RoutingContext ctx, Model model) {
        return taskQuery(ctx, model, ctx.pathParam(TASK_ID));
    }

    private static GetTaskStatusQuery taskQuery(RoutingContext ctx, Model model, String taskId) {
        ClientKey caller = caller(ctx);
        if (caller == null) {
            respond(ctx, new ErrorResponse(401, FailureMapper.MISSING_API_KEY));
            return null;
        }
        if (!TaskId.isWellFormed(taskId)) {
            respond(ctx, new ErrorResponse(404, FailureMapper.NOT_FOUND));
            return null;
        }
        return new GetTaskStatusQuery(caller, new TaskId(taskId), Optional.of(model));
    }

    /**
     * A provider webhook: handed to the use case as it came, whatever it says. Every outcome but a bad
     * signature is a 200, so that the provider does not retry what will never be applied; a failure of the
     * use case is a 503, so that it retries what may be applied later. Never a 500.
     */
    private void providerCallback(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        byte[] raw = body == null ? new byte[0] : body.getBytes();
        ProviderWebhook webhook = new ProviderWebhook(headersOf(ctx), raw,
                FreepikJson.readReportedTask(raw).map(WireMapper.INSTANCE::toTask));
        CompletionStage<Outcome> stage;
        try {
            stage = Objects.requireNonNull(callbacks.receive(webhook), "a use case returned no stage");
        } catch (RuntimeException e) {
            callbackFailed(ctx, e);
            return;
        }
        Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext())
                .timeout(answerDeadlineMillis, TimeUnit.MILLISECONDS)
                .onSuccess(outcome -> {
                    if (outcome == null) {
                        callbackFailed(ctx, new NullPointerException("a use case returned no outcome"));
                    } else if (outcome == Outcome.REJECTED) {
                        respond(ctx, new ErrorResponse(401, "Invalid webhook signature"));
                    } else {
                        respond(ctx, 200, json(new ErrorBody(callbackMessage(outcome))));
                    }
                })
                .onFailure(failure -> callbackFailed(ctx, failure));
    }

    private static String callbackMessage(Outcome outcome) {
        switch (outcome) {
            case ACCEPTED:
                return "Webhook accepted";
            case DUPLICATE:
                return "Webhook already received; ignored";
            case UNKNOWN_TASK:
                return "Webhook about no task of this service; ignored";
            case MALFORMED:
                return "Webhook body is not a task; ignored";
            default:
                throw new IllegalArgumentException("no message for " + outcome);
        }
    }

    private static void callbackFailed(RoutingContext ctx, Throwable failure) {
        if (failure instanceof TimeoutException) {
            // The provider retries a 503: what was not taken in now is taken in then.
            respond(ctx, new ErrorResponse(503, FailureMapper.SERVICE_UNAVAILABLE));
            return;
        }
        if (!FailureMapper.isExpected(failure)) {
            LOG.error("Unexpected failure taking in a provider webhook", FailureMapper.unwrap(failure));
        }
        ErrorResponse error = FailureMapper.toResponse(failure);
        respond(ctx, error.status() >= 500 ? new ErrorResponse(503, FailureMapper.SERVICE_UNAVAILABLE) : error);
    }

    /**
     * The request's headers by name in any case. A repeated header's values are joined as HTTP joins them,
     * except {@code webhook-signature}, whose signatures Standard Webhooks separates by spaces.
     */
    private static Map<String, String> headersOf(RoutingContext ctx) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> header : ctx.request().headers()) {
            String separator = header.getKey().equalsIgnoreCase(SignedWebhook.SIGNATURE_HEADER) ? " " : ", ";
            headers.merge(header.getKey(), header.getValue(), (first, next) -> first + separator + next);
        }
        return Collections.unmodifiableMap(headers);
    }

    private void list(RoutingContext ctx, FreepikPaths.ListPath listPath) {
        ClientKey caller = caller(ctx);
        if (caller == null) {
            respond(ctx, new ErrorResponse(401, FailureMapper.MISSING_API_KEY));
            return;
        }
        answer(ctx, cancellation -> list.listTasks(new ListTasksQuery(caller, Optional.of(listPath.model()),
                listPath.tier(), cancellation)), (List<Task> tasks) -> json(WireMapper.INSTANCE.toListEnvelope(tasks)),
                this::readTooLate);
    }

    /**
     * Runs a use case and answers with its result or its failure, back on this request's Vert.x context
     * whatever thread the stage completes on. A client that closes its connection cancels what the use case does
     * only for it; a use case that has not answered by the deadline is answered with {@code tooLate}, and what it
     * still does only for this request is cancelled.
     */
    private <T> void answer(RoutingContext ctx, Function<Cancellation, CompletionStage<T>> useCase,
            Function<T, Buffer> encoder, Supplier<MotionTransferFailure> tooLate) {
        Cancellation cancellation = Cancellation.create();
        ctx.response().closeHandler(closed -> cancellation.cancel());
        if (ctx.response().closed()) {
            // Gone before the handler could be set: it will never be called.
            cancellation.cancel();
        }
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(useCase.apply(cancellation), "a use case returned no stage");
        } catch (RuntimeException e) {
            fail(ctx, e);
            return;
        }
        // toCompletableFuture(): a failedStage() is a minimal stage, which answers neither isDone() nor join().
        CompletableFuture<T> done = stage instanceof CompletableFuture<T> future ? future.toCompletableFuture() : null;
        if (done != null && done.isDone()) {
            // Answered already (the memory store, the fake, a finished task's record): on this event loop, now,
            // without the Vert.x future, its deadline timer and the callbacks between them.
            Buffer body;
            try {
                body = encoder.apply(done.join());
            } catch (RuntimeException failure) {
                fail(ctx, failure);
                return;
            }
            respond(ctx, 200, body);
            return;
        }
        Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext())
                .timeout(answerDeadlineMillis, TimeUnit.MILLISECONDS)
                .map(encoder::apply)
                .onSuccess(body -> respond(ctx, 200, body))
                .onFailure(failure -> {
                    if (failure instanceof TimeoutException) {
                        cancellation.cancel();
                        fail(ctx, tooLate.get());
                    } else {
                        fail(ctx, failure);
                    }
                });
    }

    static void fail(RoutingContext ctx, Throwable failure) {
        if (!FailureMapper.isExpected(failure)) {
            LOG.error("Unexpected failure answering " + ctx.request().method() + " " + ctx.normalizedPath(),
                    FailureMapper.unwrap(failure));
        }
        respond(ctx, FailureMapper.toResponse(failure));
    }

    /** The caller's key from either header, or {@code null} when there is none (or only a blank one). */
    /** The API key the request carries (Freepik's header first, then Magnific's), or {@code null}. */
    static ClientKey caller(RoutingContext ctx) {
        String key = ctx.request().getHeader(FREEPIK_KEY);
        if (key == null || key.isBlank()) {
            key = ctx.request().getHeader(MAGNIFIC_KEY);
        }
        if (key == null || key.isBlank()) {
            return null;
        }
        return new ClientKey(key);
    }

    /** The wait a 429 names when nobody said how long (the provider's limits refill by the second). */
    static final long DEFAULT_RETRY_AFTER_429 = 1;
    /** The wait a 503 names when nobody said how long. */
    static final long DEFAULT_RETRY_AFTER_503 = 5;

    /** Answers {@code error}; every 429 and 503 with a {@code Retry-After}, the known wait or a default one. */
    static void respond(RoutingContext ctx, ErrorResponse error) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        OptionalLong retryAfter = error.retryAfterSeconds();
        if (retryAfter.isEmpty() && (error.status() == 429 || error.status() == 503)) {
            retryAfter = OptionalLong.of(error.status() == 429 ? DEFAULT_RETRY_AFTER_429 : DEFAULT_RETRY_AFTER_503);
        }
        retryAfter.ifPresent(seconds -> response.putHeader(RETRY_AFTER, Long.toString(seconds)));
        respond(ctx, error.status(), json(error.body()));
    }

    private static void respond(RoutingContext ctx, int statusCode, Buffer body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        response.setStatusCode(statusCode)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(body);
    }

    /** How many ignored fields the header names before it only counts the rest. */
    private static final int MAX_IGNORED_NAMED = 10;

    /** The ignored fields' names, comma-separated: the first ten, then how many more, so it stays short. */
    static String ignoredFieldsHeader(List<String> ignored) {
        if (ignored.size() <= MAX_IGNORED_NAMED) {
            return String.join(",", ignored);
        }
        return String.join(",", ignored.subList(0, MAX_IGNORED_NAMED))
                + ",(" + (ignored.size() - MAX_IGNORED_NAMED) + " more)";
    }

    /** {@code task} in its envelope, {@code {"data":{…}}}, as the JSON the API answers with. */
    static Buffer envelope(Task task) {
        return Buffer.buffer(FreepikJson.writeEnvelope(WireMapper.INSTANCE.toEnvelope(task)));
    }

    /** {@code value}, a wire record, as the JSON the API answers with. */
    static Buffer json(Object value) {
        return Buffer.buffer(FreepikJson.write(value));
    }

    /**
     * Why a submit's {@code Content-Type}, as Vert.x Web parsed it, is not JSON, or {@code null} when it is:
     * {@code application/json}, in UTF-8 if it names a charset.
     */
    private static String jsonContentTypeProblem(RoutingContext ctx) {
        MIMEHeader contentType = ctx.parsedHeaders().contentType();
        if (contentType == null || contentType.rawValue() == null || contentType.rawValue().isBlank()) {
            return "Content-Type must be application/json; the request has none";
        }
        if (!contentType.component().equalsIgnoreCase("application") || !contentType.subComponent().equalsIgnoreCase("json")) {
            return "Content-Type must be application/json";
        }
        String charset = contentType.parameter("charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            // JSON is UTF-8 (RFC 8259); reading it in another charset could misread a paid request.
            return "Content-Type application/json must be UTF-8; no other charset is supported";
        }
        return null;
    }
}
