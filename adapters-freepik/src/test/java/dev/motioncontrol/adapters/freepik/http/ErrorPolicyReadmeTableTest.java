package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.freepik.api.FreepikPaths;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.AttemptOutcome.Answer;
import dev.motioncontrol.adapters.freepik.http.AttemptOutcome.NotSent;
import dev.motioncontrol.adapters.freepik.http.AttemptOutcome.SentUnknown;
import dev.motioncontrol.application.MotionTransferFailure;
import dev.motioncontrol.application.MotionTransferFailure.InvalidRequest;
import dev.motioncontrol.application.MotionTransferFailure.ProviderUnavailable;
import dev.motioncontrol.application.MotionTransferFailure.RateLimited;
import dev.motioncontrol.application.MotionTransferFailure.SubmissionUncertain;
import dev.motioncontrol.application.MotionTransferFailure.Unauthorized;
import dev.motioncontrol.application.MotionTransferFailure.UnknownTask;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Violation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's table "How failures at the provider reach you", row by row, against the {@link ErrorPolicy}
 * alone: each case names the row it proves by the row's first cell, as the README writes it, and
 * {@link #everyRowOfTheReadmeTableHasACase()} fails when a row of the README has no case here (or a case names a
 * row the README no longer has).
 */
class ErrorPolicyReadmeTableTest {

    private static final String SECRET = "upstream-secret-key-XYZ";
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration PLENTY = Duration.ofSeconds(60);
    private static final TaskId TASK = new TaskId("0b9a5a5e-0000-4000-8000-000000000001");
    private static final Operation SUBMIT = Operation.submit(FreepikPaths.of(Model.KLING_2_6, Tier.PRO).submit());
    private static final Operation STATUS = Operation.status(FreepikPaths.of(Model.KLING_2_6, Tier.PRO).status(TASK.value()), TASK);
    private static final Operation LIST = Operation.list(FreepikPaths.of(Model.KLING_2_6, Tier.PRO).tasks());

    private static final ProviderAnswers ANSWERS = new ProviderAnswers(SECRET);
    private static final ErrorPolicy POLICY = new ErrorPolicy(ANSWERS::error, new Redactor(SECRET),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static final String TASK_JSON = "{\"data\":{\"task_id\":\"" + TASK.value() + "\",\"status\":\"%s\"}}";
    private static final String COMPLETED_JSON = "{\"data\":{\"task_id\":\"" + TASK.value()
            + "\",\"status\":\"COMPLETED\",\"generated\":[\"%s\"]}}";
    private static final String REFUSED = "ConnectException (Connection refused: /127.0.0.1:1)";
    private static final String TIMED_OUT = "NoStackTraceTimeoutException (The timeout period of 300ms has been exceeded)";
    private static final String RESET = "HttpClosedException (Connection was closed)";

    /** One line of the table: an attempt of {@code operation} that came to {@code outcome}. */
    record Case(String readmeRow, String what, Operation operation, AttemptOutcome outcome, Duration remaining,
            Consumer<Decision<?>> expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> readmeTable() {
        List<Case> cases = new ArrayList<>();
        String row = "400 (either documented shape)";
        cases.add(new Case(row, "submit, top-level invalid_params", SUBMIT, answer(400,
                "{\"message\":\"Your request parameters didn't validate.\",\"invalid_params\":"
                        + "[{\"name\":\"image_url\",\"reason\":\"Image must be at least 300x300\"}]}"), PLENTY,
                invalid(new Violation("image_url", "Image must be at least 300x300"))));
        cases.add(new Case(row, "submit, under \"problem\"", SUBMIT, answer(400,
                "{\"problem\":{\"message\":\"Your request parameters didn't validate.\",\"invalid_params\":"
                        + "[{\"name\":\"video_url\",\"reason\":\"3 to 30 s\"},{\"name\":\"cfg_scale\",\"reason\":\"0 to 1\"}]}}"),
                PLENTY, invalid(new Violation("video_url", "3 to 30 s"), new Violation("cfg_scale", "0 to 1"))));
        cases.add(new Case(row, "status, a message alone", STATUS, answer(400, "{\"message\":\"Bad task id\"}"),
                PLENTY, invalid(new Violation("request", "Bad task id"))));

        row = "401 / 403";
        cases.add(new Case(row, "401 on a status", STATUS, answer(401, "{\"message\":\"Invalid API key\"}"), PLENTY,
                fails(Unauthorized.class, "The provider rejected the service's API key")));
        cases.add(new Case(row, "401 on a submit", SUBMIT, answer(401, "{\"message\":\"Missing API key\"}"), PLENTY,
                fails(Unauthorized.class, "The provider rejected the service's API key")));
        cases.add(new Case(row, "403 on a list", LIST, answer(403, "{\"message\":\"Forbidden\"}"), PLENTY,
                fails(Unauthorized.class, "403")));

        row = "404 on a status";
        cases.add(new Case(row, "404 on a status", STATUS, answer(404, "{\"message\":\"Not found\"}"), PLENTY,
                decision -> assertThat(failureOf(decision)).isInstanceOfSatisfying(UnknownTask.class,
                        unknown -> assertThat(unknown.taskId()).isEqualTo(TASK))));

        row = "429";
        cases.add(new Case(row, "Retry-After in seconds that fits the deadline", STATUS,
                answer(429, "2", "{\"message\":\"Too many requests\"}"), PLENTY,
                retries(RateLimited.class, Optional.of(Duration.ofSeconds(2)))));
        cases.add(new Case(row, "Retry-After as an HTTP date that fits the deadline", LIST,
                answer(429, DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(5).atOffset(ZoneOffset.UTC)),
                        "{\"message\":\"Too many requests\"}"), PLENTY,
                retries(RateLimited.class, Optional.of(Duration.ofSeconds(5)))));
        cases.add(new Case(row, "without Retry-After: after a backoff", STATUS,
                answer(429, "{\"message\":\"Too many requests\"}"), PLENTY, retries(RateLimited.class, Optional.empty())));
        cases.add(new Case(row, "Retry-After beyond the deadline: 429 with Retry-After at once", STATUS,
                answer(429, "30", "{\"message\":\"Too many requests\"}"), Duration.ofSeconds(10),
                decision -> assertThat(failureOf(decision)).isInstanceOfSatisfying(RateLimited.class,
                        limited -> assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30)))));
        cases.add(new Case(row, "Retry-After beyond the deadline, on a submit", SUBMIT,
                answer(429, "120", "{\"message\":\"Too many requests\"}"), PLENTY,
                decision -> assertThat(failureOf(decision)).isInstanceOfSatisfying(RateLimited.class,
                        limited -> assertThat(limited.retryAfter()).contains(Duration.ofMinutes(2)))));

        row = "5xx, timeout, connection error on a status or list";
        for (int status : new int[] {500, 502, 503, 504}) {
            cases.add(new Case(row, status + " on a status", STATUS, answer(status, "{\"message\":\"Oops\"}"),
                    PLENTY, retries(ProviderUnavailable.class, Optional.empty(), String.valueOf(status))));
        }
        cases.add(new Case(row, "timeout on a list", LIST, new SentUnknown(TIMED_OUT), PLENTY,
                retries(ProviderUnavailable.class, Optional.empty(), "timeout")));
        cases.add(new Case(row, "connection reset on a status", STATUS, new SentUnknown(RESET), PLENTY,
                retries(ProviderUnavailable.class, Optional.empty(), "Connection was closed")));
        cases.add(new Case(row, "connection refused on a status", STATUS, new NotSent(REFUSED), PLENTY,
                retries(ProviderUnavailable.class, Optional.empty(), "Could not connect")));

        row = "connection refused, 429 or 503 on a submit";
        cases.add(new Case(row, "connection refused", SUBMIT, new NotSent(REFUSED), PLENTY,
                retries(ProviderUnavailable.class, Optional.empty(), "Could not connect")));
        cases.add(new Case(row, "429", SUBMIT, answer(429, "{\"message\":\"Too many requests\"}"), PLENTY,
                retries(RateLimited.class, Optional.empty())));
        cases.add(new Case(row, "503", SUBMIT, answer(503, "{\"message\":\"Service Unavailable. Please try again later.\"}"),
                PLENTY, retries(ProviderUnavailable.class, Optional.empty(), "503")));
        cases.add(new Case(row, "503 with Retry-After", SUBMIT, answer(503, "1", "{}"), PLENTY,
                retries(ProviderUnavailable.class, Optional.of(Duration.ofSeconds(1)), "503")));

        row = "any other failure of a submit (500, timeout, reset after sending, unreadable answer)";
        for (int status : new int[] {500, 501, 502, 504, 302, 101}) {
            cases.add(new Case(row, String.valueOf(status), SUBMIT, answer(status, "{\"message\":\"Oops\"}"), PLENTY,
                    uncertain(String.valueOf(status))));
        }
        cases.add(new Case(row, "timeout", SUBMIT, new SentUnknown(TIMED_OUT), PLENTY, uncertain("timeout")));
        cases.add(new Case(row, "reset after sending", SUBMIT, new SentUnknown(RESET), PLENTY,
                uncertain("Connection was closed")));
        cases.add(new Case(row, "cut at the deadline before an answer", SUBMIT,
                new SentUnknown("no answer had come when the total deadline of 600 ms passed"), PLENTY,
                uncertain("no answer had come")));
        cases.add(new Case(row, "unreadable answer", SUBMIT, answer(200, "{\"data\": {\"task_id\": "), PLENTY,
                uncertain("not a JSON object")));
        cases.add(new Case(row, "answer too large", SUBMIT, Answer.unreadable(200, null, "it is larger than 1048576 bytes"),
                PLENTY, uncertain("larger than")));

        row = "402 (credits run out), 409, 410, 422";
        cases.add(new Case(row, "402 on a submit", SUBMIT, answer(402, "{\"message\":\"Not enough credits\"}"), PLENTY,
                refused(402, "Not enough credits")));
        cases.add(new Case(row, "409 on a status", STATUS, answer(409, "{\"message\":\"Conflict\"}"), PLENTY,
                refused(409, "Conflict")));
        cases.add(new Case(row, "422 in the problem shape", SUBMIT,
                answer(422, "{\"problem\":{\"message\":\"Unprocessable\"}}"), PLENTY, refused(422, "Unprocessable")));
        cases.add(new Case(row, "402 without a message", SUBMIT, answer(402, ""), PLENTY,
                refused(402, "The provider refused the request (402)")));

        row = "another 4xx";
        cases.add(new Case(row, "413 in the problem shape", SUBMIT,
                answer(413, "{\"problem\":{\"message\":\"Too large\"}}"), PLENTY,
                fails(ProviderUnavailable.class, "413", "Too large", "no task was created")));
        cases.add(new Case(row, "407 on a status", STATUS, answer(407, "{\"message\":\"Proxy\"}"), PLENTY,
                fails(ProviderUnavailable.class, "407")));
        cases.add(new Case(row, "404 on a list (no such endpoint)", LIST, answer(404, "{\"message\":\"Not found\"}"),
                PLENTY, fails(ProviderUnavailable.class, "404")));

        row = "a 2xx of an unexpected shape (a video at a `javascript:`, `file:` or relative URL, or at one with "
                + "credentials; a status answer about another task)";
        cases.add(new Case(row, "no data on a status: 503 naming it", STATUS, answer(200, "{\"result\":\"ok\"}"), PLENTY,
                fails(ProviderUnavailable.class, "no \"data\" object")));
        cases.add(new Case(row, "a list entry that is no object", LIST,
                answer(200, "{\"data\":[{\"task_id\":\"abc\",\"status\":\"CREATED\"},\"x\"]}"), PLENTY,
                fails(ProviderUnavailable.class, "data[1] is not an object")));
        cases.add(new Case(row, "no task_id on a submit: 502", SUBMIT, answer(200, "{\"data\":{\"status\":\"CREATED\"}}"),
                PLENTY, uncertain("task_id is missing")));
        cases.add(new Case(row, "a javascript: video", STATUS, answer(200, COMPLETED_JSON.formatted(
                "javascript://cdn.example.com/%0Aalert(1)")), PLENTY,
                fails(ProviderUnavailable.class, "generated[0] must use http or https, not javascript")));
        cases.add(new Case(row, "a file: video", STATUS, answer(200, COMPLETED_JSON.formatted("file:///etc/passwd")),
                PLENTY, fails(ProviderUnavailable.class, "generated[0] must use http or https, not file")));
        cases.add(new Case(row, "a relative video", STATUS, answer(200, COMPLETED_JSON.formatted("/v.mp4")), PLENTY,
                fails(ProviderUnavailable.class, "generated[0] must be an absolute URL")));
        cases.add(new Case(row, "a video at a URL with credentials", STATUS,
                answer(200, COMPLETED_JSON.formatted("https://u:p@cdn.example.com/v.mp4")), PLENTY,
                fails(ProviderUnavailable.class, "generated[0] must not carry credentials")));
        cases.add(new Case(row, "a status answer about another task", STATUS,
                answer(200, "{\"data\":{\"task_id\":\"another-task\",\"status\":\"CREATED\"}}"), PLENTY,
                fails(ProviderUnavailable.class, "about task another-task, not about task " + TASK.value())));

        row = "the service's own key in a status or a generated URL";
        cases.add(new Case(row, "the key in a status", STATUS, answer(200, TASK_JSON.formatted("QUEUED_" + SECRET)),
                PLENTY, decision -> assertThat(doneTask(decision).status()).isEqualTo(TaskStatus.of("QUEUED_REDACTED"))));
        cases.add(new Case(row, "the key in a generated URL", STATUS, answer(200, COMPLETED_JSON.formatted(
                "https://cdn.example.com/v.mp4?key=" + SECRET)), PLENTY, decision -> assertThat(
                        doneTask(decision).generated()).containsExactly(URI.create("https://cdn.example.com/v.mp4?key=REDACTED"))));

        row = "an undocumented status value";
        cases.add(new Case(row, "passes through", STATUS, answer(200, TASK_JSON.formatted("CANCELLED")), PLENTY,
                decision -> {
                    Task task = doneTask(decision);
                    assertThat(task.status()).isEqualTo(TaskStatus.of("CANCELLED"));
                    assertThat(task.status().isKnown()).isFalse();
                }));
        cases.add(new Case(row, "as a bounded word", STATUS,
                answer(200, TASK_JSON.formatted("on hold: <b>" + "x".repeat(500) + "</b>")), PLENTY,
                decision -> assertThat(doneTask(decision).status().name()).startsWith("on_hold_b_xxx")
                        .hasSize(TaskStatus.MAX_LENGTH)));
        return cases.stream().map(c -> Arguments.of(c.readmeRow(), c));
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("readmeTable")
    void eachRowOfTheReadmeTableHolds(String readmeRow, Case row) {
        ErrorPolicy.AnswerReader<?> reader = row.operation().kind() == Operation.Kind.LIST ? ANSWERS.tasks()
                : row.operation().kind() == Operation.Kind.STATUS ? ANSWERS.task(TASK) : ANSWERS.task();

        Decision<?> decision = POLICY.decide(row.operation(), row.outcome(), row.remaining(), reader);

        row.expected().accept(decision);
        if (!(decision instanceof Decision.Done<?>)) {
            assertThat(failureOf(decision).getMessage()).doesNotContain(SECRET);
        }
    }

    private static Task doneTask(Decision<?> decision) {
        assertThat(decision).isInstanceOf(Decision.Done.class);
        return (Task) ((Decision.Done<?>) decision).value();
    }

    @Test
    void everyRowOfTheReadmeTableHasACase() throws IOException {
        List<String> readme = readmeTableRows();
        Map<String, Long> cases = readmeTable().map(arguments -> (String) arguments.get()[0])
                .collect(Collectors.groupingBy(row -> row, Collectors.counting()));

        assertThat(readme).as("the README's table").hasSizeGreaterThanOrEqualTo(9);
        assertThat(cases.keySet()).containsExactlyInAnyOrderElementsOf(readme);
    }

    @Test
    void theProvidersTextNeverCarriesTheKey() {
        Decision<?> decision = POLICY.decide(SUBMIT, answer(402, "{\"message\":\"key " + SECRET + " is out of credits\"}"),
                PLENTY, ANSWERS.task());

        assertThat(failureOf(decision).getMessage()).doesNotContain(SECRET).contains("[redacted]");
    }

    /** The first cells of the rows of the README's table "How failures at the provider reach you". */
    private static List<String> readmeTableRows() throws IOException {
        Path readme = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && readme == null; dir = dir.getParent()) {
            Path candidate = dir.resolve("README.md");
            if (Files.exists(candidate) && Files.readString(candidate, StandardCharsets.UTF_8)
                    .contains("How failures at the provider reach you")) {
                readme = candidate;
            }
        }
        assertThat(readme).as("the project's README").isNotNull();
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int header = lines.indexOf("| at the provider | what you get |");
        assertThat(header).as("the header of the README's error table").isNotNegative();
        List<String> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            rows.add(lines.get(i).split("\\|")[1].strip());
        }
        return rows;
    }

    private static Answer answer(int status, String body) {
        return answer(status, null, body);
    }

    private static Answer answer(int status, String retryAfter, String body) {
        return Answer.of(status, retryAfter, body.getBytes(StandardCharsets.UTF_8));
    }

    private static MotionTransferFailure failureOf(Decision<?> decision) {
        if (decision instanceof Decision.Failed<?> failed) {
            return failed.failure();
        }
        if (decision instanceof Decision.Retry<?> retry) {
            return retry.failure();
        }
        throw new AssertionError("expected a failure or a retry, was " + decision);
    }

    private static Consumer<Decision<?>> fails(Class<? extends MotionTransferFailure> type, String... saying) {
        return decision -> {
            assertThat(decision).isInstanceOf(Decision.Failed.class);
            assertThat(failureOf(decision)).isInstanceOf(type).hasMessageContainingAll(saying);
        };
    }

    /** Refused with the provider's own status and, as the message, exactly its words. */
    private static Consumer<Decision<?>> refused(int status, String message) {
        return decision -> {
            assertThat(decision).isInstanceOf(Decision.Failed.class);
            assertThat(failureOf(decision)).isInstanceOfSatisfying(MotionTransferFailure.ProviderRefused.class,
                    refusal -> assertThat(refusal.status()).isEqualTo(status)).hasMessage(message);
        };
    }

    private static Consumer<Decision<?>> uncertain(String saying) {
        return fails(SubmissionUncertain.class, "may have created a task", "List the tasks", saying);
    }

    private static Consumer<Decision<?>> invalid(Violation... violations) {
        return decision -> {
            assertThat(decision).isInstanceOf(Decision.Failed.class);
            assertThat(failureOf(decision)).isInstanceOfSatisfying(InvalidRequest.class,
                    invalid -> assertThat(invalid.violations()).containsExactly(violations));
        };
    }

    private static Consumer<Decision<?>> retries(Class<? extends MotionTransferFailure> ifExhausted,
            Optional<Duration> after, String... saying) {
        return decision -> {
            assertThat(decision).isInstanceOf(Decision.Retry.class);
            assertThat(((Decision.Retry<?>) decision).retryAfter()).isEqualTo(after);
            assertThat(failureOf(decision)).isInstanceOf(ifExhausted);
            if (saying.length > 0) {
                assertThat(failureOf(decision)).hasMessageContainingAll(saying);
            }
        };
    }
}
