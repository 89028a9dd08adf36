package dev.motioncontrol.adapters.freepik.http;

import io.vertx.core.Future;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits, on a test thread and never longer than {@value #SECONDS} s, for what a stage or future brings. */
public final class Await {

    public static final long SECONDS = 10;

    private Await() {
    }

    public static <T> T value(Future<T> future) {
        return value(future.toCompletionStage());
    }

    /** The stage's value; fails the test if it fails or takes too long. */
    public static <T> T value(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a value, but the stage failed with " + unwrapped(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + SECONDS + " s", e);
        }
    }

    /** What the stage failed with, unwrapped; fails the test if it succeeds or takes too long. */
    public static Throwable failure(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, but the stage completed with " + value);
        } catch (ExecutionException e) {
            return unwrapped(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + SECONDS + " s", e);
        }
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
