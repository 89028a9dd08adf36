package dev.motioncontrol.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** What a stage that already completed holds, for tests whose out-ports answer at once. */
final class Stages {

    private Stages() {
    }

    /** The stage's value; fails the test if the stage has not completed or failed. */
    static <T> T resultOf(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        assertThat(future).isCompleted();
        return future.join();
    }

    /** The failure the stage completed with, unwrapped from the CompletionException a dependent stage adds. */
    static Throwable failureOf(CompletionStage<?> stage) {
        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        Throwable failure = stage.handle((value, thrown) -> thrown).toCompletableFuture().join();
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
