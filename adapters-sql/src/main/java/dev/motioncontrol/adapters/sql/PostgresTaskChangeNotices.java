package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.adapters.sql.Engine.Transaction;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task changes over PostgreSQL's {@code LISTEN}/{@code NOTIFY}: each change is announced on one channel, inside the
 * transaction that makes it (so it is heard exactly when it is committed), as {@code <instance>:<task id>}; each
 * store listens on that channel with a connection of its own and passes on what other instances announced.
 *
 * <p>The listening connection comes back by itself after the database was lost (every
 * {@value #RECONNECT_EVERY_MS} ms); what was announced while it was away is not heard.
 */
final class PostgresTaskChangeNotices implements TaskChangeNotices {

    static final String CHANNEL = "motion_control_task_changes";
    private static final long RECONNECT_EVERY_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTaskChangeNotices.class);

    private final String instance = UUID.randomUUID().toString();
    private final List<Consumer<TaskId>> listeners = new CopyOnWriteArrayList<>();
    private final PgSubscriber subscriber;

    private PostgresTaskChangeNotices(Vertx vertx, PgConnectOptions options) {
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempts -> RECONNECT_EVERY_MS);
        subscriber.channel(CHANNEL)
                .handler(this::heard)
                // After each (re)connection: the connection's failures are expected when the database goes away,
                // and would otherwise be printed to standard error.
                .subscribeHandler(subscribed -> subscriber.actualConnection()
                        .exceptionHandler(failure -> LOG.debug("Listening for task changes failed", failure)));
    }

    /** Listens from now on; completes once listening. */
    static Future<TaskChangeNotices> listening(Vertx vertx, PgConnectOptions options) {
        PostgresTaskChangeNotices notices = new PostgresTaskChangeNotices(vertx, options);
        return notices.subscriber.connect().map(notices);
    }

    @Override
    public Future<Void> announce(Transaction transaction, TaskId id) {
        return transaction.run("SELECT pg_notify(?, ?)", Engine.arguments(CHANNEL, instance + ":" + id.value()))
                .mapEmpty();
    }

    @Override
    public void listen(Consumer<TaskId> listener) {
        listeners.add(listener);
    }

    private void heard(String notice) {
        int colon = notice.indexOf(':');
        if (colon < 0 || notice.substring(0, colon).equals(instance) || !TaskId.isWellFormed(notice.substring(colon + 1))) {
            return;
        }
        TaskId id = new TaskId(notice.substring(colon + 1));
        for (Consumer<TaskId> listener : listeners) {
            try {
                listener.accept(id);
            } catch (RuntimeException e) {
                LOG.warn("A listener of task changes failed on task {}", id, e);
            }
        }
    }

    @Override
    public Future<Void> close() {
        return subscriber.close();
    }
}
