package dev.motioncontrol.cli;

import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.freepik.api.ErrorBody;
import dev.motioncontrol.freepik.api.FreepikHeaders;
import dev.motioncontrol.freepik.api.FreepikJson;
import dev.motioncontrol.freepik.api.FreepikPaths;
import dev.motioncontrol.freepik.api.InvalidParam;
import dev.motioncontrol.freepik.api.TaskBody;
import dev.motioncontrol.freepik.api.WireFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running motion-control service (or any server of the provider's API), over HTTP with the JDK's blocking client:
 * the provider's paths ({@link FreepikPaths}), its records read and written by {@link FreepikJson}, the API key in
 * {@value FreepikHeaders#FREEPIK_API_KEY}. Following a task reads the service's live status stream, and reconnects
 * when the stream ends before the task does.
 */
final class RunningService implements TaskService {

    /** Longer than the service takes to answer anything (65 s, more when it measures media). */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The wait before the live status stream is opened again, after it ended or broke before the task finished. */
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);
    /** Without a live status stream (a server of the provider's API alone): the first wait between polls, and the longest. */
    private static final Duration FIRST_POLL = Duration.ofSeconds(2);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(15);
    /** How many times in a row the stream may fail to open before following gives up. */
    private static final int MOST_FAILED_CONNECTS = 5;
    private static final String EVENT_STREAM = "text/event-stream";

    private final String baseUrl;
    private final String apiKey;
    private final HttpClient http;

    /**
     * @param baseUrl the service's root, {@code http} or {@code https}, without credentials
     * @param apiKey  the key the service knows the caller by; sent in the header only, never shown
     */
    RunningService(URI baseUrl, String apiKey) {
        String root = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public LocatedTask submit(Submission submission) {
        FreepikPaths.Endpoints endpoints = FreepikPaths.of(submission.model(), submission.tier());
        HttpRequest.Builder request = request(endpoints.submit())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(FreepikJson.write(submission.body())));
        submission.idempotencyKey().ifPresent(key -> request.header(SubmitMotionTransferCommand.IDEMPOTENCY_KEY, key));
        HttpResponse<byte[]> response = send(request.build());
        if (response.statusCode() != 200) {
            throw failure(response, "the submission failed");
        }
        return new LocatedTask(submission.model(), Optional.of(submission.tier()), task(response));
    }

    @Override
    public LocatedTask status(String taskId, Optional<Model> model) {
        if (!TaskId.isWellFormed(taskId)) {
            throw new CommandFailure(ExitCode.REJECTED, "'" + taskId + "' is not a task id: a task id is 1 to "
                    + TaskId.MAX_LENGTH + " letters, digits, '-' or '_'");
        }
        List<Model> models = model.map(List::of).orElse(List.of(Model.values()));
        for (Model each : models) {
            // A task is known only under its own model's paths: a client that does not know the model asks each.
            HttpResponse<byte[]> response = send(request(statusPath(each, taskId)).GET().build());
            if (response.statusCode() == 200) {
                return new LocatedTask(each, Optional.empty(), task(response));
            }
            if (response.statusCode() != 404) {
                throw failure(response, "asking for task " + taskId + " failed");
            }
        }
        throw new CommandFailure(ExitCode.NOT_FOUND, "no task " + taskId + " for this API key"
                + model.map(asked -> " under " + ModelNames.label(asked)).orElse(" under any model"));
    }

    @Override
    public List<LocatedTask> list(Optional<Model> model, Optional<Tier> tier) {
        List<LocatedTask> tasks = new ArrayList<>();
        for (FreepikPaths.ListPath list : FreepikPaths.listPaths()) {
            boolean asked = model.map(wanted -> wanted == list.model()).orElse(true)
                    && (tier.isEmpty() || list.tier().isEmpty() || list.tier().equals(tier));
            if (!asked) {
                continue;
            }
            HttpResponse<byte[]> response = send(request(list.path()).GET().build());
            if (response.statusCode() != 200) {
                throw failure(response, "listing the " + ModelNames.label(list.model()) + " tasks failed");
            }
            try {
                for (TaskBody task : FreepikJson.readTaskList(response.body()).data()) {
                    tasks.add(new LocatedTask(list.model(), list.tier(), task));
                }
            } catch (WireFormatException e) {
                throw unreadable(e);
            }
        }
        return tasks;
    }

    @Override
    public Following follow(LocatedTask task, TaskUpdates updates) {
        LiveStatus live = new LiveStatus(statusPath(task.model(), task.id()), updates);
        Thread reader = new Thread(live::run, "live-status-" + task.id());
        reader.setDaemon(true);
        live.reader = reader;
        reader.start();
        return live;
    }

    @Override
    public void close() {
        // The JDK's client keeps nothing that outlives the process worth closing on Java 17.
    }

    /** Where a task of {@code model} is asked for: its model's tasks path (for Kling 3, either tier's finds it). */
    private static String statusPath(Model model, String taskId) {
        return FreepikPaths.of(model, Tier.PRO).status(taskId);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(ANSWER_TIMEOUT)
                .header(FreepikHeaders.FREEPIK_API_KEY, apiKey);
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCode.UNAVAILABLE, "interrupted while waiting for the service at " + baseUrl);
        }
    }

    private CommandFailure unreachable(IOException e) {
        String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return new CommandFailure(ExitCode.UNAVAILABLE, "cannot reach the service at " + baseUrl + ": " + why);
    }

    private TaskBody task(HttpResponse<byte[]> response) {
        try {
            return FreepikJson.readTaskEnvelope(response.body()).data();
        } catch (WireFormatException e) {
            throw unreadable(e);
        }
    }

    private CommandFailure unreadable(WireFormatException e) {
        return new CommandFailure(ExitCode.UNAVAILABLE, "the answer of " + baseUrl
                + " could not be read (is it the motion-control service?): " + e.getMessage());
    }

    /** An error answer, as the user is told it: its status and message, then each invalid parameter on its own line. */
    private static CommandFailure failure(HttpResponse<byte[]> response, String what) {
        Optional<String> location = response.headers().firstValue("location");
        if (response.statusCode() / 100 == 3 && location.isPresent()) {
            // Not followed: the key would go wherever it points. The user can point --base-url there instead.
            return new CommandFailure(ExitCode.REJECTED, what + ": " + response.statusCode() + " redirected to "
                    + location.get() + "; point --base-url where it leads");
        }
        return failure(response.statusCode(), FreepikJson.readError(response.body()),
                response.headers().firstValue("retry-after"), what);
    }

    static CommandFailure failure(int status, ErrorBody error, Optional<String> retryAfter, String what) {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder(what).append(": ").append(status);
        if (error.message() != null) {
            head.append(' ').append(error.message());
        }
        retryAfter.ifPresent(seconds -> head.append(" (try again in ").append(seconds).append(" s)"));
        lines.add(head.toString());
        for (InvalidParam param : error.invalidParams()) {
            lines.add(param.name() + ": " + param.reason());
        }
        return new CommandFailure(ExitCode.ofHttpStatus(status), lines);
    }

    /**
     * The live status stream of one task, read on a thread of its own until the task finishes or it is closed; where
     * the server has none (the provider's API itself), the task's status polled instead, less often as it goes on.
     */
    private final class LiveStatus implements Following {

        private final String path;
        private final TaskUpdates updates;
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile Thread reader;
        private volatile InputStream body;

        LiveStatus(String path, TaskUpdates updates) {
            this.path = path;
            this.updates = updates;
        }

        void run() {
            int failedConnects = 0;
            while (!isClosed()) {
                try {
                    HttpResponse<InputStream> response = http.send(request(path + "/events")
                            .timeout(Duration.ofDays(1)).header("accept", EVENT_STREAM).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    body = response.body();
                    if (response.statusCode() == 404 || response.statusCode() == 405) {
                        // The task was just found at its status path: it is the stream that this server lacks.
                        response.body().close();
                        poll();
                        return;
                    }
                    if (response.statusCode() != 200) {
                        byte[] error;
                        try (InputStream in = response.body()) {
                            error = in.readAllBytes();
                        }
                        updates.end(failure(response.statusCode(), FreepikJson.readError(error),
                                response.headers().firstValue("retry-after"), "following the task failed"));
                        return;
                    }
                    failedConnects = 0;
                    if (read(response.body())) {
                        return;
                    }
                } catch (IOException e) {
                    if (isClosed()) {
                        return;
                    }
                    if (++failedConnects >= MOST_FAILED_CONNECTS) {
                        updates.end(unreachable(e));
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (CommandFailure e) {
                    updates.end(e);
                    return;
                }
                // The stream ended, or broke, before the task finished (a proxy's timeout, a restart): open it again.
                try {
                    if (closed.await(RECONNECT_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Asks for the task's status until it finishes, waiting longer each time up to {@link #LONGEST_POLL}. */
        private void poll() throws InterruptedException {
            Duration wait = FIRST_POLL;
            while (!closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                HttpResponse<byte[]> response = send(request(path).GET().build());
                if (response.statusCode() != 200) {
                    updates.end(failure(response, "following the task failed"));
                    return;
                }
                TaskBody task = task(response);
                updates.update(task);
                if (TaskStatus.of(task.status()).isTerminal()) {
                    return;
                }
                wait = wait.multipliedBy(3).dividedBy(2);
                if (wait.compareTo(LONGEST_POLL) > 0) {
                    wait = LONGEST_POLL;
                }
            }
        }

        /** Reads the stream; true when following is over (the task finished, or the service gave up on it). */
        private boolean read(InputStream stream) throws IOException {
            ServerSentEvents events = new ServerSentEvents();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Optional<ServerSentEvents.Event> event = events.line(line);
                    if (event.isEmpty()) {
                        continue;
                    }
                    byte[] data = event.get().data().getBytes(StandardCharsets.UTF_8);
                    if (event.get().name().equals("error")) {
                        ErrorBody error = FreepikJson.readError(data);
                        updates.end(new CommandFailure(ExitCode.UNAVAILABLE, "the service stopped following the task: "
                                + (error.message() == null ? "no reason given" : error.message())));
                        return true;
                    }
                    if (event.get().name().equals("status")) {
                        TaskBody task;
                        try {
                            task = FreepikJson.readTaskEnvelope(data).data();
                        } catch (WireFormatException e) {
                            throw unreadable(e);
                        }
                        updates.update(task);
                        if (TaskStatus.of(task.status()).isTerminal()) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private boolean isClosed() {
            return closed.getCount() == 0;
        }

        @Override
        public void close() {
            closed.countDown();
            Thread thread = reader;
            if (thread != null) {
                // A read blocked on the stream ends with the interrupt; closing the body releases the connection.
                thread.interrupt();
            }
            InputStream stream = body;
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // Closing is all that was wanted of it.
                }
            }
        }
    }
}
