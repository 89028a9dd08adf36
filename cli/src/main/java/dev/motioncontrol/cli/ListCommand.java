package dev.motioncontrol.cli;

import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.Tier;
import dev.motioncontrol.freepik.api.FreepikJson;
import dev.motioncontrol.freepik.api.TaskListEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code list}: the caller's tasks, as a table. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {
            "List your tasks, newest first within each model: a table of task id, status, model and tier (as far as "
                    + "the path listed tells it) and how many videos it has. The API names no creation time, so none "
                    + "is shown. Needs a service (--base-url).",
            ""})
final class ListCommand implements Callable<Integer> {

    private static final String ROW = "%-36s  %-12s  %-7s  %s";

    private final Invocation invocation;

    @Mixin
    private ServiceConnection service;

    @Option(names = "--model", paramLabel = "2.6|3", converter = ModelNames.ModelName.class,
            description = "Only this model's tasks. Default: every model's.")
    private Model model;

    @Option(names = "--tier", paramLabel = "pro|std", converter = ModelNames.TierName.class,
            description = "With --model 3: only this tier's tasks (Kling 2.6 lists both tiers together).")
    private Tier tier;

    @Option(names = "--json", description = "Print the tasks as the API's list answer: {\"data\":[{\"task_id\","
            + "\"status\",\"generated\"},...]}.")
    private boolean json;

    ListCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        if (tier != null && model != Model.KLING_3) {
            throw new CommandFailure(ExitCode.REJECTED, "--tier lists a tier of Kling 3: give --model 3 with it");
        }
        try (TaskService tasks = service.open(invocation)) {
            List<TaskService.LocatedTask> listed = tasks.list(Optional.ofNullable(model), Optional.ofNullable(tier));
            if (json) {
                invocation.out().println(new String(FreepikJson.write(new TaskListEnvelope(
                        listed.stream().map(TaskService.LocatedTask::task).toList())), StandardCharsets.UTF_8));
            } else {
                invocation.out().println(String.format(ROW, "TASK ID", "STATUS", "MODEL", "VIDEOS"));
                for (TaskService.LocatedTask task : listed) {
                    String where = ModelNames.shortName(task.model())
                            + task.tier().map(known -> " " + ModelNames.shortName(known)).orElse("");
                    invocation.out().println(String.format(ROW, task.id(), task.task().status(), where,
                            task.task().generated().size()));
                }
            }
            invocation.out().flush();
            return ExitCode.OK.code();
        }
    }
}
