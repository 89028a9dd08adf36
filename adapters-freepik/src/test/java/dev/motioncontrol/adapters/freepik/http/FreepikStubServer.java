package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.freepik.api.FreepikPaths;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local stand-in for Freepik's Kling 2.6 Motion Control API, on a Vert.x HTTP server bound to port 0 of
 * 127.0.0.1, for tests of anything that calls the provider.
 *
 * <h2>As the provider</h2>
 * <ul>
 *   <li>{@code POST /v1/ai/video/kling-v2-6-motion-control-{pro|std}} creates a task with a random UUID and
 *       answers {@code {"data":{"task_id","status":"CREATED","generated":[]}}}; a body without
 *       {@code image_url} or {@code video_url} (or not a JSON object) is a 400 with {@code invalid_params}.</li>
 *   <li>{@code GET /v1/ai/image-to-video/kling-v2-6/{task-id}} answers the task: {@code CREATED} at the
 *       first read, {@code IN_PROGRESS} after, {@code COMPLETED} with one generated URL once
 *       {@link #complete(String) completed} (or after {@link #completeAfterPolls(int) N reads}); 404
 *       {@code {"message":"Not found"}} for an id it never issued.</li>
 *   <li>{@code GET /v1/ai/image-to-video/kling-v2-6} answers every task of the key, newest first, each as
 *       {@code {"task_id","status"}} (the documented list entry, without {@code generated}).</li>
 *   <li>Without the key header: 401 {@code {"message":"Missing API key"}}; with another key: 401
 *       {@code {"message":"Invalid API key"}}.</li>
 * </ul>
 *
 * <h2>For tests</h2>
 * It {@link #requests() records} every request it receives (route, method, path, headers, body, arrival
 * time), counts requests in flight ({@link #maxInFlight()}), and plays scripted {@link Fault}s: each
 * request of a route takes the next fault queued for it ({@link #onNextSubmit}, {@link #onNextStatus},
 * {@link #onNextList}), then the route's standing fault if one is set ({@link #always}), else it is answered
 * as the provider would. Safe to drive from any thread.
 *
 * <h2>As a provider that misbehaves</h2>
 * {@link #misbehave(Misbehaviour...)} makes every task it answers with (submit, status, list) say what a broken or
 * hostile provider might: the key in a status or a generated URL, scripts and files as videos, a status of ten
 * thousand characters, another task than the one asked for, a task id it gave before.
 */
public final class FreepikStubServer implements AutoCloseable {

    /** The key the stub accepts unless told otherwise. */
    public static final String DEFAULT_API_KEY = "stub-upstream-key";
    /** Where the generated videos of completed tasks point: {@code prefix + task_id + ".mp4"}. */
    public static final String GENERATED_URL_PREFIX = "https://cdn.stub.example/generated/";


    /** What a misbehaving provider puts in the tasks it answers with. */
    public enum Misbehaviour {
        /** The status carries the stub's API key: {@code QUEUED_<key>}. */
        KEY_IN_STATUS,
        /** A completed task's generated URL carries the stub's API key in its query. */
        KEY_IN_GENERATED_URL,
        /**
         * A completed task's generated URL carries the stub's API key percent-encoded in lower-case hex, as
         * {@code URLEncoder} never writes it.
         */
        KEY_ENCODED_IN_URL,
        /** A completed task's videos are a {@code javascript:} URL, a {@code file:} URL and a relative one. */
        SCRIPT_AND_FILE_URLS,
        /** A completed task's video is at a URL with credentials in it. */
        CREDENTIALS_IN_URL,
        /** The status is 10,000 characters, with line breaks, markup and non-ASCII text in it. */
        HUGE_STATUS,
        /** A status answer is about another task than the one asked for. */
        OTHER_TASK_ID,
        /** A submit's answer names the first task the stub ever created, not a new one (it still creates one). */
        REPEATED_TASK_ID
    }

    /** The provider's endpoints, as the stub tells them apart. */
    public enum Route { SUBMIT, STATUS, LIST, OTHER }

    /**
     * One request as the stub received it. Header names are lower case.
     *
     * @param arrivedAtNanos {@link System#nanoTime()} when its head arrived
     */
    public record RecordedRequest(Route route, String method, String path, Map<String, List<String>> headers,
            String body, long arrivedAtNanos) {

        /** The first value of header {@code name} (any case), if it was sent. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    private final Vertx vertx;
    private final String apiKeyHeader;
    private final String apiKey;
    private HttpServer server;

    // Guarded by this.
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Map<Route, ArrayDeque<Fault>> nextFaults = new EnumMap<>(Route.class);
    private final Map<Route, Fault> standingFaults = new EnumMap<>(Route.class);
    private final LinkedHashMap<String, StubTask> tasks = new LinkedHashMap<>();
    private int completeAfterPolls;
    private String generatedPrefix = GENERATED_URL_PREFIX;
    private final java.util.EnumSet<Misbehaviour> misbehaviours = java.util.EnumSet.noneOf(Misbehaviour.class);
    private String firstTaskId;
    private int inFlight;
    private int maxInFlight;

    private FreepikStubServer(Vertx vertx, String apiKeyHeader, String apiKey) {
        this.vertx = vertx;
        this.apiKeyHeader = apiKeyHeader;
        this.apiKey = apiKey;
        for (Route route : Route.values()) {
            nextFaults.put(route, new ArrayDeque<>());
        }
    }

    /** A stub accepting {@value #DEFAULT_API_KEY} in {@code x-freepik-api-key}, listening on a free port. */
    public static Future<FreepikStubServer> start(Vertx vertx) {
        return start(vertx, FreepikSettings.FREEPIK_API_KEY_HEADER, DEFAULT_API_KEY);
    }

    /** A stub accepting {@code apiKey} in header {@code apiKeyHeader}, listening on a free port. */
    public static Future<FreepikStubServer> start(Vertx vertx, String apiKeyHeader, String apiKey) {
        FreepikStubServer stub = new FreepikStubServer(
                Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(apiKeyHeader, "apiKeyHeader"),
                Objects.requireNonNull(apiKey, "apiKey"));
        return vertx.createHttpServer()
                .requestHandler(stub::handle)
                .listen(0, "127.0.0.1")
                .map(server -> {
                    stub.server = server;
                    return stub;
                });
    }

    /** {@code http://127.0.0.1:{port}}: the base URL to give a client. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.actualPort();
    }

    /** The key the stub accepts. */
    public String apiKey() {
        return apiKey;
    }

    /** The header the stub reads the key from. */
    public String apiKeyHeader() {
        return apiKeyHeader;
    }

    /** Client settings that point at this stub with its key (and the provider's other defaults). */
    public FreepikSettings settings() {
        return FreepikSettings.freepik(apiKey).withApiKeyHeader(apiKeyHeader).withBaseUrl(baseUrl());
    }

    // ---- scripting ----

    /** Queues {@code faults} for the next requests of {@code route}, one each, in order. */
    public synchronized FreepikStubServer onNext(Route route, Fault... faults) {
        nextFaults.get(route).addAll(List.of(faults));
        return this;
    }

    public FreepikStubServer onNextSubmit(Fault... faults) {
        return onNext(Route.SUBMIT, faults);
    }

    public FreepikStubServer onNextStatus(Fault... faults) {
        return onNext(Route.STATUS, faults);
    }

    public FreepikStubServer onNextList(Fault... faults) {
        return onNext(Route.LIST, faults);
    }

    /** Plays {@code fault} for every request of {@code route} once its queued faults are used up. */
    public synchronized FreepikStubServer always(Route route, Fault fault) {
        standingFaults.put(route, Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** A task becomes {@code COMPLETED} at its {@code polls}-th status read; 0 (the default): only when told. */
    public synchronized FreepikStubServer completeAfterPolls(int polls) {
        this.completeAfterPolls = polls;
        return this;
    }

    /**
     * From now on, a task completes with its video at {@code prefix}{@code <task id>.mp4} (by default under
     * {@link #GENERATED_URL_PREFIX}, which nobody serves): point it at a media server to have the videos fetched.
     */
    public synchronized FreepikStubServer generatedUnder(String prefix) {
        this.generatedPrefix = prefix;
        return this;
    }

    /** Completes the task with one generated URL. */
    public synchronized void complete(String taskId) {
        task(taskId).finish("COMPLETED", List.of(generatedPrefix + taskId + ".mp4"));
    }

    /** Completes every task created so far. */
    public synchronized void completeAll() {
        for (String id : tasks.keySet()) {
            complete(id);
        }
    }

    /** Ends the task {@code FAILED}. */
    public synchronized void fail(String taskId) {
        task(taskId).finish("FAILED", List.of());
    }

    /** Puts the task in any status, documented or not (e.g. {@code "CANCELLED"}). */
    public synchronized void setStatus(String taskId, String status) {
        task(taskId).finish(status, List.of());
    }

    /** From now on, every task answered with says what {@code ways} make it say (see {@link Misbehaviour}). */
    public synchronized FreepikStubServer misbehave(Misbehaviour... ways) {
        misbehaviours.addAll(List.of(ways));
        return this;
    }

    /** Forgets every task, request, fault and setting. */
    public synchronized void reset() {
        misbehaviours.clear();
        requests.clear();
        nextFaults.values().forEach(ArrayDeque::clear);
        standingFaults.clear();
        tasks.clear();
        completeAfterPolls = 0;
        generatedPrefix = GENERATED_URL_PREFIX;
        maxInFlight = inFlight;
    }

    // ---- observing ----

    /** Every request received so far, in arrival order. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests of {@code route} received so far, in arrival order. */
    public synchronized List<RecordedRequest> requests(Route route) {
        return requests.stream().filter(r -> r.route() == route).toList();
    }

    /** How many submits arrived, answered or not. */
    public int submitCount() {
        return requests(Route.SUBMIT).size();
    }

    public int statusCount() {
        return requests(Route.STATUS).size();
    }

    /** The ids of the tasks created so far, newest first. */
    public synchronized List<String> taskIds() {
        List<String> ids = new ArrayList<>(tasks.keySet());
        java.util.Collections.reverse(ids);
        return ids;
    }

    /** The most requests that were in flight at the stub at once (received, not yet answered or dropped). */
    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void close() {
        server.close();
    }

    /** Stops listening; the future completes when the port is free. */
    public Future<Void> stop() {
        return server.close();
    }

    // ---- serving ----

    private void handle(HttpServerRequest request) {
        long arrivedAt = System.nanoTime();
        AtomicBoolean done = new AtomicBoolean();
        Runnable finished = () -> {
            if (done.compareAndSet(false, true)) {
                synchronized (this) {
                    inFlight--;
                }
            }
        };
        synchronized (this) {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
        }
        request.response().closeHandler(v -> finished.run());
        request.body().onComplete(read -> {
            Buffer body = read.succeeded() ? read.result() : Buffer.buffer();
            Route route = routeOf(request);
            Fault fault = record(request, route, body, arrivedAt);
            if (fault instanceof Fault.Respond respond) {
                HttpServerResponse response = request.response().setStatusCode(respond.status());
                respond.headers().forEach(response::putHeader);
                send(response, respond.status(), respond.body(), finished);
                return;
            }
            if (fault instanceof Fault.Late late) {
                Fault.Respond respond = late.answer();
                vertx.setTimer(Math.max(1, late.delay().toMillis()), id -> {
                    HttpServerResponse response = request.response();
                    if (!response.closed() && !response.ended()) {
                        response.setStatusCode(respond.status());
                        respond.headers().forEach(response::putHeader);
                    }
                    send(response, respond.status(), respond.body(), finished);
                });
                return;
            }
            if (fault instanceof Fault.Trickle trickle) {
                trickle(request.response(), trickle.every(), finished);
                return;
            }
            Answer answer = answer(request, route, body);
            if (fault instanceof Fault.Reset) {
                finished.run();
                request.connection().close();
            } else if (fault instanceof Fault.Delay delay) {
                vertx.setTimer(Math.max(1, delay.delay().toMillis()),
                        id -> send(request.response(), answer.status(), answer.body(), finished));
            } else {
                send(request.response(), answer.status(), answer.body(), finished);
            }
        });
    }

    private void trickle(HttpServerResponse response, Duration every, Runnable finished) {
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
        response.write("{\"data\":");
        int[] left = {2000};
        long timer = vertx.setPeriodic(Math.max(1, every.toMillis()), id -> {
            if (response.closed() || response.ended() || --left[0] < 0) {
                vertx.cancelTimer(id);
                finished.run();
                return;
            }
            response.write(" ");
        });
        response.closeHandler(v -> {
            vertx.cancelTimer(timer);
            finished.run();
        });
    }

    private void send(HttpServerResponse response, int status, String body, Runnable finished) {
        finished.run();
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    private synchronized Fault record(HttpServerRequest request, Route route, Buffer body, long arrivedAt) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>()).add(h.getValue()));
        headers.replaceAll((k, v) -> List.copyOf(v));
        requests.add(new RecordedRequest(route, request.method().name(), request.path(), Map.copyOf(headers),
                body.toString(), arrivedAt));
        Fault next = nextFaults.get(route).poll();
        return next != null ? next : standingFaults.get(route);
    }

    private record Answer(int status, String body) {
    }

    private synchronized Answer answer(HttpServerRequest request, Route route, Buffer body) {
        String presented = request.getHeader(apiKeyHeader);
        if (presented == null || presented.isEmpty()) {
            return new Answer(401, "{\"message\":\"Missing API key\"}");
        }
        if (!presented.equals(apiKey)) {
            return new Answer(401, "{\"message\":\"Invalid API key\"}");
        }
        switch (route) {
            case SUBMIT:
                return submit(body, submitEndpoints(request.path()).orElseThrow());
            case STATUS: {
                String path = request.path();
                String tasksPath = path.substring(0, path.lastIndexOf('/'));
                StubTask task = tasks.get(path.substring(tasksPath.length() + 1));
                // As at the provider, a task is known only under its own model's (and, for Kling 3, tier's) path.
                if (task == null || !task.endpoints.tasks().equals(tasksPath)) {
                    return new Answer(404, "{\"message\":\"Not found\"}");
                }
                task.polled(completeAfterPolls, generatedPrefix);
                return new Answer(200, new JsonObject().put("data", misbehaving(task.toJson(true), route)).encode());
            }
            case LIST: {
                JsonArray data = new JsonArray();
                taskIds().stream().map(tasks::get).filter(task -> task.endpoints.tasks().equals(request.path()))
                        .forEach(task -> data.add(misbehaving(task.toJson(false), route)));
                return new Answer(200, new JsonObject().put("data", data).encode());
            }
            default:
                return new Answer(404, "{\"message\":\"Not found\"}");
        }
    }

    private Answer submit(Buffer body, FreepikPaths.Endpoints endpoints) {
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (RuntimeException notAnObject) {
            return invalid(new JsonArray().add(param("body", "must be a JSON object")));
        }
        JsonArray invalid = new JsonArray();
        for (String required : List.of("image_url", "video_url")) {
            if (!(json.getValue(required) instanceof String text) || text.isBlank()) {
                invalid.add(param(required, "Field required"));
            }
        }
        if (!invalid.isEmpty()) {
            return invalid(invalid);
        }
        String id = UUID.randomUUID().toString();
        StubTask task = new StubTask(id, endpoints);
        tasks.put(id, task);
        if (firstTaskId == null) {
            firstTaskId = id;
        }
        return new Answer(200, new JsonObject().put("data", misbehaving(task.toJson(true), Route.SUBMIT)).encode());
    }

    /** {@code task} as the misbehaviours set make it read in an answer of {@code route}. */
    private JsonObject misbehaving(JsonObject task, Route route) {
        boolean completed = "COMPLETED".equals(task.getString("status"));
        if (misbehaviours.contains(Misbehaviour.KEY_IN_STATUS)) {
            task.put("status", "QUEUED_" + apiKey);
        }
        if (misbehaviours.contains(Misbehaviour.HUGE_STATUS)) {
            task.put("status", ("IN_PROGRESS\r\n<script>alert(1)</script> état " + apiKey + " ").repeat(200)
                    .substring(0, 10_000));
        }
        if (completed && misbehaviours.contains(Misbehaviour.KEY_IN_GENERATED_URL)) {
            task.put("generated", new JsonArray().add(GENERATED_URL_PREFIX + task.getString("task_id")
                    + ".mp4?token=" + apiKey));
        }
        if (completed && misbehaviours.contains(Misbehaviour.KEY_ENCODED_IN_URL)) {
            StringBuilder encoded = new StringBuilder();
            apiKey.chars().forEach(c -> encoded.append(String.format("%%%02x", c)));
            task.put("generated", new JsonArray().add(GENERATED_URL_PREFIX + task.getString("task_id")
                    + ".mp4?token=" + encoded));
        }
        if (completed && misbehaviours.contains(Misbehaviour.SCRIPT_AND_FILE_URLS)) {
            task.put("generated", new JsonArray().add("javascript://cdn.stub.example/%0Aalert(document.cookie)")
                    .add("file:///etc/passwd").add("/relative/video.mp4"));
        }
        if (completed && misbehaviours.contains(Misbehaviour.CREDENTIALS_IN_URL)) {
            task.put("generated", new JsonArray().add("https://admin:hunter2@cdn.stub.example/generated/"
                    + task.getString("task_id") + ".mp4"));
        }
        if (route == Route.STATUS && misbehaviours.contains(Misbehaviour.OTHER_TASK_ID)) {
            task.put("task_id", UUID.randomUUID().toString());
        }
        if (route == Route.SUBMIT && misbehaviours.contains(Misbehaviour.REPEATED_TASK_ID)) {
            task.put("task_id", firstTaskId);
        }
        return task;
    }

    private static JsonObject param(String name, String reason) {
        return new JsonObject().put("name", name).put("reason", reason);
    }

    private static Answer invalid(JsonArray params) {
        return new Answer(400, new JsonObject().put("message", "Your request parameters didn't validate.")
                .put("invalid_params", params).encode());
    }

    private static Route routeOf(HttpServerRequest request) {
        String path = request.path();
        String method = request.method().name();
        if (method.equals("POST") && submitEndpoints(path).isPresent()) {
            return Route.SUBMIT;
        }
        for (FreepikPaths.Endpoints endpoints : FreepikPaths.all()) {
            String tasksPath = endpoints.tasks();
            if (method.equals("GET") && path.equals(tasksPath)) {
                return Route.LIST;
            }
            if (method.equals("GET") && path.startsWith(tasksPath + "/") && path.length() > tasksPath.length() + 1
                    && path.indexOf('/', tasksPath.length() + 1) < 0) {
                return Route.STATUS;
            }
        }
        return Route.OTHER;
    }

    private static Optional<FreepikPaths.Endpoints> submitEndpoints(String path) {
        return FreepikPaths.all().stream().filter(endpoints -> endpoints.submit().equals(path)).findFirst();
    }

    private StubTask task(String taskId) {
        StubTask task = tasks.get(taskId);
        if (task == null) {
            throw new IllegalArgumentException("the stub never issued task " + taskId);
        }
        return task;
    }

    /** One task at the stub; guarded by the stub. */
    private static final class StubTask {
        final String id;
        final FreepikPaths.Endpoints endpoints;
        String status = "CREATED";
        List<String> generated = List.of();
        int polls;
        boolean settled;

        StubTask(String id, FreepikPaths.Endpoints endpoints) {
            this.id = id;
            this.endpoints = endpoints;
        }

        void polled(int completeAfterPolls, String generatedPrefix) {
            polls++;
            if (settled) {
                return;
            }
            if (completeAfterPolls > 0 && polls >= completeAfterPolls) {
                finish("COMPLETED", List.of(generatedPrefix + id + ".mp4"));
            } else if (polls > 1) {
                status = "IN_PROGRESS";
            }
        }

        void finish(String status, List<String> generated) {
            this.status = status;
            this.generated = generated;
            this.settled = true;
        }

        JsonObject toJson(boolean withGenerated) {
            JsonObject json = new JsonObject().put("task_id", id).put("status", status);
            return withGenerated ? json.put("generated", new JsonArray(new ArrayList<>(generated))) : json;
        }
    }
}
