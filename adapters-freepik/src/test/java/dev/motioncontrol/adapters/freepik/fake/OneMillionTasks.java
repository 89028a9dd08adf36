package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskId;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Run in a child JVM by {@link OneMillionTasksMemoryTest}: fills a fake to one million tasks from a
 * thousand owners, reads some back, and prints the heap they take. Exits non-zero if anything is wrong.
 */
public final class OneMillionTasks {

    static final int TASKS = 1_000_000;
    static final int OWNERS = 1_000;
    static final String RESULT_PREFIX = "bytes per task: ";

    private OneMillionTasks() {
    }

    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ManualTimeSource clock = ManualTimeSource.standingStill();
        Owner[] owners = new Owner[OWNERS];
        for (int i = 0; i < OWNERS; i++) {
            owners[i] = MapStateStore.owner(new ClientKey("client-key-" + i));
        }
        var transfer = FakeVideoProviderTest.transfer(Optional.of(new Prompt("a dancer")));
        long before = usedHeapAfterGc(memory);

        FakeVideoProvider provider = new FakeVideoProvider(
                FakeProviderSettings.defaults(URI.create("http://localhost:8080")), clock);
        TaskId last = null;
        for (int i = 0; i < TASKS; i++) {
            last = provider.submit(owners[i % OWNERS], transfer).toCompletableFuture().join().id();
            if (i % 1_000 == 0) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        Task read = provider.status(owners[(TASKS - 1) % OWNERS], last, new ModelTier(Model.KLING_2_6, Tier.PRO)).toCompletableFuture().join();
        List<Task> listed = provider.list(owners[0], Model.KLING_2_6, Optional.empty()).toCompletableFuture().join();
        if (!read.id().equals(last) || listed.size() != FakeVideoProvider.LIST_LIMIT
                || provider.keptTasks() != TASKS) {
            System.out.println("unexpected state: " + read + ", listed " + listed.size() + ", kept " + provider.keptTasks());
            System.exit(2);
        }

        long after = usedHeapAfterGc(memory);
        long perTask = (after - before) / TASKS;
        System.out.println("tasks: " + provider.keptTasks() + ", owners: " + OWNERS
                + ", used heap: " + (after - before) / (1024 * 1024) + " MiB");
        System.out.println(RESULT_PREFIX + perTask);
        // Keeps the provider reachable until it has been measured.
        System.out.println("kept: " + provider.keptTasks());
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
