package dev.motioncontrol.cli;

import dev.motioncontrol.domain.Model;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Under which model's paths a task is looked for; mixed into each command that names a task. */
final class TaskModelOption {

    @Option(names = "--model", paramLabel = "2.6|3", converter = ModelNames.ModelName.class,
            description = "The task's model. Default: each model's paths are asked in turn (a task is known only "
                    + "under its own model's).")
    private Model model;

    Optional<Model> model() {
        return Optional.ofNullable(model);
    }
}
