package dev.motioncontrol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.motioncontrol.adapters.freepik.fake.SubmitFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * When the service starts and stops, and what each test finds: the fixtures below are run through the JUnit Platform
 * Launcher, as a build runs a client's test classes (they are nested, so the build itself does not run them).
 */
class ExtensionLifecycleTest {

    /** What the fixtures saw, by fixture. */
    private static final Map<Class<?>, FakeMotionControl> seen = new ConcurrentHashMap<>();

    @Test
    void theServiceIsStoppedAfterItsClass() {
        TestExecutionSummary summary = Launched.run(Passing.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertStopped(seen.get(Passing.class));
    }

    @Test
    void theServiceIsStoppedAfterItsClassEvenWhenATestFails() {
        TestExecutionSummary summary = Launched.run(Failing.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertStopped(seen.get(Failing.class));
    }

    @Test
    void aTestInstanceMadePerClassGetsTheHandleInItsConstructor() {
        TestExecutionSummary summary = Launched.run(InstancePerClass.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getTestsFailedCount()).isZero();
        assertStopped(seen.get(InstancePerClass.class));
    }

    @Test
    void armedFailuresAndRecordedWebhooksDoNotCarryOverToTheNextTest() {
        TestExecutionSummary summary = Launched.run(TwoTestsInOrder.class);

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    }

    @Test
    void classesRunInParallelHaveAServiceEach() {
        TestExecutionSummary summary = Launched.run(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.default", "concurrent"), Passing.class, AlsoPassing.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(Set.of(seen.get(Passing.class).baseUrl(), seen.get(AlsoPassing.class).baseUrl())).hasSize(2);
    }

    @Test
    void aClassExtendedWithoutTheAnnotationGetsTheDefaultService() {
        TestExecutionSummary summary = Launched.run(ExtendedOnly.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertStopped(seen.get(ExtendedOnly.class));
    }

    @Test
    void aNegativeDelayFailsTheClassWithTheAttributesName() {
        TestExecutionSummary summary = Launched.run(NegativeDelay.class);

        assertThat(summary.getFailures()).singleElement().satisfies(failure -> assertThat(failure.getException())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueDelayMillis"));
    }

    private static void assertStopped(FakeMotionControl fake) {
        URI baseUrl = fake.baseUrl();
        assertThatThrownBy(() -> new Api(baseUrl, fake.apiKey()).get(Api.TASKS))
                .as("nothing listens at %s any more", baseUrl).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> fake.failNextSubmit(SubmitFailure.UNAVAILABLE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
    }

    @LaunchedFixture
    @MotionControlFake
    static class Passing {
        @Test
        void answers(FakeMotionControl fake) throws IOException, InterruptedException {
            seen.put(Passing.class, fake);
            assertThat(new Api(fake).get(Api.TASKS).statusCode()).isEqualTo(200);
        }
    }

    @LaunchedFixture
    @MotionControlFake
    static class AlsoPassing {
        @Test
        void answers(FakeMotionControl fake) throws IOException, InterruptedException {
            seen.put(AlsoPassing.class, fake);
            assertThat(new Api(fake).get(Api.TASKS).statusCode()).isEqualTo(200);
        }
    }

    @LaunchedFixture
    @MotionControlFake
    static class Failing {
        @Test
        void fails(FakeMotionControl fake) {
            seen.put(Failing.class, fake);
            throw new AssertionError("an expected failure of the fixture");
        }
    }

    @LaunchedFixture
    @MotionControlFake
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class InstancePerClass {
        private final FakeMotionControl fake;

        InstancePerClass(FakeMotionControl fake) {
            this.fake = fake;
            seen.put(InstancePerClass.class, fake);
        }

        @Test
        void answers() throws IOException, InterruptedException {
            assertThat(new Api(fake).get(Api.TASKS).statusCode()).isEqualTo(200);
        }
    }

    @LaunchedFixture
    @MotionControlFake
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TwoTestsInOrder {
        private static FakeMotionControl atStart;

        @BeforeAll
        static void keep(FakeMotionControl fake) {
            atStart = fake;
        }

        @Test
        @Order(1)
        void armsAFailureAndRecordsAWebhookItLeavesBehind(FakeMotionControl fake) throws Exception {
            assertThat(fake).isSameAs(atStart);
            fake.complete(new Api(fake).submitted("https://my-app.example.com/hook"));
            fake.awaitWebhook(webhook -> true);
            fake.answerWebhooksWith(500);
            fake.failNextSubmit(SubmitFailure.UNAVAILABLE);
        }

        @Test
        @Order(2)
        void findsNoneOfIt(FakeMotionControl fake) throws Exception {
            assertThat(fake.webhooksSent()).isEmpty();
            String taskId = new Api(fake).submitted("https://my-app.example.com/hook");
            fake.complete(taskId);
            assertThat(fake.awaitWebhook(taskId).responseStatus()).isEqualTo(200);
        }
    }

    @LaunchedFixture
    @ExtendWith(MotionControlFakeExtension.class)
    static class ExtendedOnly {
        @Test
        void answers(FakeMotionControl fake) throws IOException, InterruptedException {
            seen.put(ExtendedOnly.class, fake);
            assertThat(new Api(fake).get(Api.TASKS).statusCode()).isEqualTo(200);
        }
    }

    @LaunchedFixture
    @MotionControlFake(queueDelayMillis = -1)
    static class NegativeDelay {
        @Test
        void neverRuns() {
            throw new AssertionError("the class should not have started");
        }
    }
}
