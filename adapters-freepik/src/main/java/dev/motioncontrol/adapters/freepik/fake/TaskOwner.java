package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.application.Owner;

/**
 * A client that has tasks in the fake: its owner id, held once for all of its tasks, how many of its tasks
 * are kept, and its newest ones for listing.
 *
 * <p>Changed only under the provider's write lock; {@link #newestFirst()} may be read by any thread
 * without one, because each change publishes a new immutable array.
 */
final class TaskOwner {

    private static final StoredTask[] NONE = {};

    final Owner key;
    private final int listLimit;
    private int keptTasks;
    private volatile StoredTask[] newestFirst = NONE;

    TaskOwner(Owner key, int listLimit) {
        this.key = key;
        this.listLimit = listLimit;
    }

    /** The owner's newest kept tasks, newest first, at most the list limit; never changed once returned. */
    StoredTask[] newestFirst() {
        return newestFirst;
    }

    int keptTasks() {
        return keptTasks;
    }

    void added(StoredTask task) {
        StoredTask[] old = newestFirst;
        StoredTask[] updated = new StoredTask[Math.min(old.length + 1, listLimit)];
        updated[0] = task;
        System.arraycopy(old, 0, updated, 1, updated.length - 1);
        newestFirst = updated;
        keptTasks++;
    }

    void removed(StoredTask task) {
        keptTasks--;
        StoredTask[] old = newestFirst;
        // Tasks are forgotten oldest first, so a listed one is nearly always the last; one older than the last is
        // not listed (its owner has more tasks than the list holds).
        if (old.length == 0 || old[old.length - 1].submittedAtNanos > task.submittedAtNanos) {
            return;
        }
        for (int i = old.length - 1; i >= 0; i--) {
            if (old[i] == task) {
                StoredTask[] updated = new StoredTask[old.length - 1];
                System.arraycopy(old, 0, updated, 0, i);
                System.arraycopy(old, i + 1, updated, i, old.length - 1 - i);
                newestFirst = updated;
                return;
            }
        }
    }
}
