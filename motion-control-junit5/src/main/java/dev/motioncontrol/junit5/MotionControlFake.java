package dev.motioncontrol.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the motion-control service on its fake provider for the annotated test class: started before the class's first
 * test (and its {@code @BeforeAll} methods), stopped after the class, whether its tests passed or not. Its tests get a
 * {@link FakeMotionControl} handle as a parameter (of a constructor, a lifecycle method or a test method), and, with
 * {@link FakeBaseUrl}, the base URL as a {@link java.net.URI}.
 *
 * <p>By default the service listens for HTTP on a free port of the loopback interface, and any HTTP client can call
 * it as it would call Freepik; with {@code http = false} only the library runs ({@link FakeMotionControl#library()}),
 * without a server. Either way it runs in this JVM, offline, on a clock that stands still until the test moves it
 * ({@link FakeMotionControl#advanceClock}), so that a task moves only when the test says so. Webhooks are not posted
 * anywhere: they are recorded, answered as the test chooses, and read with {@link FakeMotionControl#webhooksSent()}.
 *
 * <p>One service per annotated class: a {@code @Nested} class shares its enclosing class's service unless it is
 * annotated itself, and classes that run in parallel each have their own. Before each test the handle is
 * {@linkplain FakeMotionControl#reset() reset} (armed failures and recorded webhooks forgotten); tasks and the clock
 * carry over from test to test, so tests that run concurrently in one class should not arm failures.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MotionControlFakeExtension.class)
public @interface MotionControlFake {

    /** Whether the service listens for HTTP; {@code false} runs the library alone. */
    boolean http() default true;

    /** How long, in milliseconds of the fake's clock, a task stays {@code CREATED}; the service's default is 2 s. */
    long queueDelayMillis() default 2_000;

    /** How long, in milliseconds of the fake's clock, it then stays {@code IN_PROGRESS}; the service's default is 5 s. */
    long generationDelayMillis() default 5_000;

    /**
     * The API keys the service accepts, each a client of its own; none (the default) accepts any non-empty key.
     * {@link FakeMotionControl#apiKey()} is the first.
     */
    String[] clientKeys() default {};
}
