package dev.motioncontrol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.adapters.freepik.http.FreepikSettings;
import dev.motioncontrol.adapters.freepik.http.FreepikStubServer;
import dev.motioncontrol.adapters.freepik.http.FreepikVideoProvider;
import dev.motioncontrol.application.MotionTransferFailure.UnknownTask;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.adapters.sql.SqlStateStores;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.port.in.GetTaskStatusQuery;
import dev.motioncontrol.application.port.in.ListTasksQuery;
import dev.motioncontrol.application.port.in.ReceiveProviderWebhookUseCase;
import dev.motioncontrol.application.port.in.SubmitMotionTransferCommand;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.TimeSource;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MotionTransferRequest;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.TaskStatus;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.WebhookUrl;
import dev.motioncontrol.domain.webhook.WebhookSecret;
import dev.motioncontrol.domain.webhook.WebhookSigner;
import dev.motioncontrol.library.MotionControl;
import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a task costs the provider account while its clients poll it every 100 ms, measured against the stub on a
 * clock the test moves: the call budgets of the status plan, with one instance and with two on one PostgreSQL
 * database (asking at the same moments), and with the provider's webhooks.
 */
class ProviderCallBudgetTest {

    private static final Duration POLL_EVERY = Duration.ofMillis(100);
    private static final ClientKey CLIENT = new ClientKey("budget-client");
    private static final WebhookSecret PROVIDER_SECRET = WebhookSecret.generate();
    private static final Owner OWNER = new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]).of(CLIENT);
    private static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.PRO);

    private static EmbeddedPostgres postgres;
    private static Vertx vertx;
    private static FreepikStubServer stub;
    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final List<MotionControl> instances = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE budget");
        }
        vertx = Vertx.vertx();
        stub = await(FreepikStubServer.start(vertx).toCompletionStage());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            await(vertx.close().toCompletionStage());
        } finally {
            postgres.close();
        }
    }

    @AfterEach
    void closeInstances() {
        instances.forEach(MotionControl::close);
        stub.reset();
    }

    @Test
    void aTaskOf20SecondsCostsAtMost8StatusCalls() throws Exception {
        int calls = statusCallsFor(Duration.ofSeconds(20), instance(Optional.empty(), false));

        assertThat(calls).isBetween(1, 8);
    }

    @Test
    void aTaskOf5MinutesCostsAtMost15StatusCalls() throws Exception {
        int calls = statusCallsFor(Duration.ofMinutes(5), instance(Optional.empty(), false));

        assertThat(calls).isBetween(1, 15);
    }

    @Test
    void twoInstancesOnOnePostgresqlDatabaseCostNoMoreThanOne() throws Exception {
        int one = statusCallsFor(Duration.ofMinutes(5), instance(Optional.empty(), false));
        String database = "postgresql://postgres@localhost:" + postgres.getPort() + "/budget";
        MotionControl a = instance(Optional.of(await(SqlStateStores.postgresql(vertx, database, Optional.empty())
                .toCompletionStage())), false);
        MotionControl b = instance(Optional.of(await(SqlStateStores.postgresql(vertx, database, Optional.empty())
                .toCompletionStage())), false);

        int two = statusCallsFor(Duration.ofMinutes(5), a, b);

        assertThat(two).isBetween(1, one);
    }

    @Test
    void twoInstancesOnOnePostgresqlDatabaseTogetherStayWithinTheAccountsRate() throws Exception {
        String database = "postgresql://postgres@localhost:" + postgres.getPort() + "/budget";
        // 20 requests a second with bursts of 5, for the account: each instance alone would allow as much.
        FreepikSettings account = stub.settings().withRateLimit(20, 5);
        List<FreepikVideoProvider> clients = new ArrayList<>();
        List<StateStore> stores = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            StateStore store = await(SqlStateStores.postgresql(vertx, database, Optional.empty()).toCompletionStage());
            stores.add(store);
            clients.add(new FreepikVideoProvider(vertx, account, store.rateBudget()));
        }
        try {
            List<CompletionStage<Task>> asked = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                for (FreepikVideoProvider client : clients) {
                    asked.add(client.status(OWNER, TaskId.random(), AT));
                }
            }
            for (CompletionStage<Task> answer : asked) {
                Throwable failure = answer.handle((task, failed) -> failed).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertThat(failure).as("the stub knows none of them").isInstanceOfAny(UnknownTask.class,
                        java.util.concurrent.CompletionException.class);
                assertThat(failure instanceof UnknownTask ? failure : failure.getCause()).isInstanceOf(UnknownTask.class);
            }
        } finally {
            clients.forEach(FreepikVideoProvider::close);
            stores.forEach(StateStore::close);
        }

        List<Long> arrivals = stub.requests(FreepikStubServer.Route.STATUS).stream()
                .map(FreepikStubServer.RecordedRequest::arrivedAtNanos).sorted().toList();
        assertThat(arrivals).hasSize(60);
        // 60 requests: the burst of 5 at once, the other 55 at 20 a second, whichever instance sends them.
        assertThat(Duration.ofNanos(arrivals.get(59) - arrivals.get(0))).isGreaterThan(Duration.ofMillis(55 * 50 * 9 / 10));
    }

    @Test
    void withTheProvidersWebhooksATaskCostsItsSubmissionAndNothingMore() throws Exception {
        MotionControl motion = instance(Optional.empty(), true);
        Task submitted = submit(motion);
        assertThat(stub.requests(FreepikStubServer.Route.SUBMIT).get(0).body())
                .contains("https://service.example/callback");

        Task seen = pollUntilCompleted(List.of(motion), submitted.id(), Duration.ofMinutes(3), () -> {
            ReceiveProviderWebhookUseCase.Outcome outcome = await(motion.providerWebhooks().orElseThrow()
                    .receive(signedWebhook(submitted.id())));
            assertThat(outcome).isEqualTo(ReceiveProviderWebhookUseCase.Outcome.ACCEPTED);
        });

        assertThat(seen.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(stub.submitCount() + stub.statusCount() + stub.requests(FreepikStubServer.Route.LIST).size())
                .as("provider calls for the task, all told").isLessThanOrEqualTo(2);
    }

    @Test
    void clientsListingInALoopAddNoCallsToThePlan() throws Exception {
        MotionControl motion = instance(Optional.empty(), false);
        Task submitted = submit(motion);

        for (Duration at = Duration.ZERO; at.compareTo(Duration.ofMinutes(5)) < 0; at = at.plus(POLL_EVERY)) {
            clock.advance(POLL_EVERY);
            List<CompletionStage<?>> asked = new ArrayList<>();
            for (int client = 0; client < 3; client++) {
                asked.add(motion.listTasks(new ListTasksQuery(CLIENT)));
                asked.add(motion.getStatus(new GetTaskStatusQuery(CLIENT, submitted.id())));
            }
            for (CompletionStage<?> answer : asked) {
                await(answer);
            }
        }

        assertThat(stub.statusCount() + stub.requests(FreepikStubServer.Route.LIST).size()).isBetween(1, 15);
    }

    /**
     * Submits a task, polls it from every instance at once every 100 ms until they all see it finished, the stub
     * finishing it after {@code takes}; the provider's status calls it cost.
     */
    private int statusCallsFor(Duration takes, MotionControl... polling) throws Exception {
        int before = stub.statusCount();
        Task submitted = submit(polling[0]);
        Task seen = pollUntilCompleted(List.of(polling), submitted.id(), takes,
                () -> stub.complete(submitted.id().value()));
        assertThat(seen.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(clock.elapsed()).as("the client sees the end within half the task's age, a minute at most")
                .isLessThanOrEqualTo(takes.plus(min(takes.dividedBy(2), Duration.ofMinutes(1))));
        return stub.statusCount() - before;
    }

    private Task pollUntilCompleted(List<MotionControl> polling, TaskId id, Duration takes, ThrowingRunnable finish)
            throws Exception {
        clock.restart();
        boolean finished = false;
        while (true) {
            clock.advance(POLL_EVERY);
            if (!finished && clock.elapsed().compareTo(takes) >= 0) {
                finish.run();
                finished = true;
            }
            List<CompletionStage<Task>> answers = polling.stream()
                    .map(instance -> instance.getStatus(new GetTaskStatusQuery(CLIENT, id))).toList();
            Task last = null;
            for (CompletionStage<Task> answer : answers) {
                last = await(answer);
            }
            if (last.isTerminal()) {
                return last;
            }
            assertThat(clock.elapsed()).as("polled for too long").isLessThan(takes.multipliedBy(3));
        }
    }

    private Task submit(MotionControl motion) throws Exception {
        return await(motion.submit(new SubmitMotionTransferCommand(CLIENT, new MotionTransferRequest(
                "https://example.com/dancer.png", "https://example.com/moves.mp4", "a dancer", "video", 0.5, null,
                Tier.PRO))));
    }

    private MotionControl instance(Optional<StateStore> store, boolean providerWebhooks) {
        MotionControl.Builder builder = MotionControl.builder().vertx(vertx).freepik(vertx, stub.settings())
                .time(clock);
        store.ifPresent(builder::store);
        if (providerWebhooks) {
            builder.providerWebhooks(new WebhookUrl(HttpUrl.of("https://service.example/callback")),
                    List.of(PROVIDER_SECRET));
        }
        MotionControl motion = builder.build();
        instances.add(motion);
        return motion;
    }

    private ReceiveProviderWebhookUseCase.ProviderWebhook signedWebhook(TaskId id) {
        String json = "{\"task_id\":\"" + id.value() + "\",\"status\":\"COMPLETED\",\"generated\":[\""
                + FreepikStubServer.GENERATED_URL_PREFIX + id.value() + ".mp4\"]}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String webhookId = "msg_" + id.value();
        long timestamp = clock.now().getEpochSecond();
        Task reported = new Task(id, TaskStatus.COMPLETED,
                List.of(java.net.URI.create(FreepikStubServer.GENERATED_URL_PREFIX + id.value() + ".mp4")));
        return new ReceiveProviderWebhookUseCase.ProviderWebhook(Map.of("webhook-id", webhookId,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSigner.sign(PROVIDER_SECRET, webhookId, timestamp, body)),
                body, Optional.of(reported));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The time the instances see, moved by the test; {@link #elapsed()} since the last {@link #restart()}. */
    private static final class ManualClock implements TimeSource {
        private volatile Instant now;
        private volatile Instant start;

        ManualClock(Instant start) {
            this.now = start;
            this.start = start;
        }

        @Override
        public Instant now() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        void restart() {
            start = now;
        }

        Duration elapsed() {
            return Duration.between(start, now);
        }
    }
}
