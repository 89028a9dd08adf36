package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.adapters.sql.Engine.Transaction;
import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * How the instances that share a database tell one another that a task's record changed. With a store that only
 * one instance uses, nobody is told anything.
 */
interface TaskChangeNotices {

    /** Nobody else uses the store. */
    TaskChangeNotices NONE = new TaskChangeNotices() {
        @Override
        public Future<Void> announce(Transaction transaction, TaskId id) {
            return Future.succeededFuture();
        }

        @Override
        public void listen(Consumer<TaskId> listener) {
            // Nobody else changes anything.
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    };

    /** Tells the other instances that the task {@code id} changed, when {@code transaction} commits. */
    Future<Void> announce(Transaction transaction, TaskId id);

    /** From now on, {@code listener} hears the tasks that other instances changed. */
    void listen(Consumer<TaskId> listener);

    Future<Void> close();
}
