package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.Engine.arguments;

import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.out.ResultQueue;
import dev.motioncontrol.application.port.out.SeenProviderWebhooks;
import dev.motioncontrol.application.port.out.SharedRateBudget;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.application.port.out.Submissions;
import dev.motioncontrol.application.port.out.TaskRecords;
import dev.motioncontrol.application.port.out.WebhookOutbox;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Base64;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The service's state in one SQL database (see {@link SqlStateStores}). */
final class SqlStateStore implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqlStateStore.class);
    private static final String OWNER_SECRET = "owner_secret";
    private static final String KEEP_SECRET = "INSERT INTO settings (name, value) VALUES (?, ?) "
            + "ON CONFLICT (name) DO NOTHING";
    private static final String READ_SETTING = "SELECT value FROM settings WHERE name = ?";
    /** How long {@link #close()} waits, off the event loop, for the connections to close. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Database database;
    private final TaskChangeNotices notices;
    private final boolean shared;
    private final SqlTaskRecords tasks;
    private final SqlSubmissions submissions;
    private final SqlSeenProviderWebhooks seenProviderWebhooks;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile byte[] ownerSecret;

    SqlStateStore(Database database, TaskChangeNotices notices, boolean shared) {
        this.database = Objects.requireNonNull(database, "database");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.shared = shared;
        this.tasks = new SqlTaskRecords(database, notices);
        this.submissions = new SqlSubmissions(database);
        this.seenProviderWebhooks = new SqlSeenProviderWebhooks(database);
    }

    @Override
    public Optional<SharedRateBudget> rateBudget() {
        return shared ? Optional.of(new SqlRateBudget(database, SqlRateBudget.PROVIDER)) : Optional.empty();
    }

    @Override
    public TaskRecords tasks() {
        return tasks;
    }

    @Override
    public WebhookOutbox outbox() {
        return tasks;
    }

    @Override
    public ResultQueue results() {
        return tasks.results();
    }

    @Override
    public Submissions submissions() {
        return submissions;
    }

    @Override
    public SeenProviderWebhooks seenProviderWebhooks() {
        return seenProviderWebhooks;
    }

    /** {@code SELECT 1}, within the store's call timeout. */
    @Override
    public CompletionStage<Void> ping() {
        return database.answer(database.read("SELECT 1", List.of()).<Void>mapEmpty());
    }

    /** Offers a new secret and reads back the one kept: of several instances offering at once, the first one wins. */
    @Override
    public CompletionStage<byte[]> ownerSecret() {
        byte[] known = ownerSecret;
        if (known != null) {
            return CompletableFuture.completedFuture(known.clone());
        }
        String offered = Base64.getEncoder().encodeToString(OwnerHashing.newSecret());
        return database.answer(database.write(KEEP_SECRET, arguments(OWNER_SECRET, offered))
                .compose(kept -> database.read(READ_SETTING, arguments(OWNER_SECRET)))
                .map(rows -> {
                    byte[] secret = Base64.getDecoder().decode(rows.rows().get(0).string("value"));
                    ownerSecret = secret;
                    return secret.clone();
                }));
    }

    @Override
    public boolean shared() {
        return shared;
    }

    @Override
    public void onChangesElsewhere(Consumer<TaskId> listener) {
        notices.listen(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Closes the connections: waits for them (a while at most) when called off the event loop, as at shutdown, so
     * that nothing is cut short; on an event loop, starts closing and returns.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Future<Void> closing = notices.close().transform(stopped -> database.close());
        // A worker thread may wait (the server closes its store on one, then may open the same file again at once).
        if (Context.isOnEventLoopThread()) {
            return;
        }
        try {
            closing.toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("The store ({}) did not close cleanly: {}", database, e.toString());
        }
    }

    @Override
    public String toString() {
        return "SqlStateStore[" + database + "]";
    }
}
