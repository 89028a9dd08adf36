package dev.motioncontrol.adapters.freepik.fake;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The fake's tasks by id: an open-addressing hash table of {@link StoredTask} references keyed by the
 * UUID's two halves, so that a lookup takes no lock and allocates nothing, and each task costs 8 to 16
 * bytes here on top of the task itself.
 *
 * <p>{@link #find} may run on any thread at any time. {@link #add} and {@link #remove} must be serialised
 * by the caller (the provider's write lock). A removed entry leaves a marker that lookups step over; the
 * table is rebuilt, at a size of four times the kept tasks, once half of it is in use, which keeps every
 * operation O(1) amortised. Readers see either the old table or the new one, both complete.
 */
final class TaskIndex {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(StoredTask[].class);
    private static final StoredTask REMOVED = new StoredTask(0, 0, 0, null, (byte) 0);
    private static final int MIN_LENGTH = 16;
    private static final int MAX_LENGTH = 1 << 30;

    private volatile StoredTask[] slots = new StoredTask[MIN_LENGTH];
    /** Tasks in the table; changed only by writers. */
    private int size;
    /** Slots that are not empty (tasks and removal markers); changed only by writers. */
    private int used;

    /** The task with this id, or {@code null}. */
    StoredTask find(long idHigh, long idLow) {
        StoredTask[] table = slots;
        int mask = table.length - 1;
        int i = home(idHigh, idLow, mask);
        for (int probes = 0; probes <= mask; probes++) {
            StoredTask task = (StoredTask) SLOT.getAcquire(table, i);
            if (task == null) {
                return null;
            }
            if (task != REMOVED && task.idHigh == idHigh && task.idLow == idLow) {
                return task;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Adds a task whose id is not in the table yet. */
    void add(StoredTask task) {
        if (used + 1 > slots.length >>> 1) {
            rebuild();
        }
        StoredTask[] table = slots;
        int mask = table.length - 1;
        int i = home(task.idHigh, task.idLow, mask);
        while (table[i] != null && table[i] != REMOVED) {
            i = (i + 1) & mask;
        }
        if (table[i] == null) {
            used++;
        }
        SLOT.setRelease(table, i, task);
        size++;
    }

    /** Removes this very task, which must be in the table. */
    void remove(StoredTask task) {
        StoredTask[] table = slots;
        int mask = table.length - 1;
        int i = home(task.idHigh, task.idLow, mask);
        while (table[i] != task) {
            if (table[i] == null) {
                throw new IllegalStateException("the task to remove is not in the index");
            }
            i = (i + 1) & mask;
        }
        SLOT.setRelease(table, i, REMOVED);
        size--;
    }

    int size() {
        return size;
    }

    private void rebuild() {
        int length = MIN_LENGTH;
        while (length < 4L * (size + 1) && length < MAX_LENGTH) {
            length <<= 1;
        }
        StoredTask[] fresh = new StoredTask[length];
        int mask = length - 1;
        for (StoredTask task : slots) {
            if (task != null && task != REMOVED) {
                int i = home(task.idHigh, task.idLow, mask);
                while (fresh[i] != null) {
                    i = (i + 1) & mask;
                }
                fresh[i] = task;
            }
        }
        slots = fresh; // the volatile write publishes the filled table
        used = size;
    }

    private static int home(long idHigh, long idLow, int mask) {
        long mixed = (idHigh ^ idLow) * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 32) & mask;
    }
}
