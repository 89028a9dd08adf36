package dev.motioncontrol.application.service;

import dev.motioncontrol.application.port.out.TaskRecords;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells whoever subscribed that a task moved: the watchers, the background polling, the webhook deliveries.
 * Each subscriber hears every change, in the order they subscribed; one that fails costs the others nothing.
 */
public final class TaskChanges {

    private final List<Consumer<TaskRecords.Change>> subscribers = new CopyOnWriteArrayList<>();

    /** From now on, {@code subscriber} hears of every change of every task. */
    public void subscribe(Consumer<TaskRecords.Change> subscriber) {
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    }

    /** Tells every subscriber of {@code change}, on the calling thread. */
    public void publish(TaskRecords.Change change) {
        Objects.requireNonNull(change, "change");
        for (Consumer<TaskRecords.Change> subscriber : subscribers) {
            try {
                subscriber.accept(change);
            } catch (RuntimeException e) {
                // A subscriber's failure is its own: a watcher's bug must not cost a webhook its delivery.
            }
        }
    }
}
