package dev.motioncontrol.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A nested class shares its enclosing class's service, unless it carries the annotation itself. */
@MotionControlFake
class NestedClassesTest {

    private static FakeMotionControl outer;

    @BeforeAll
    static void keepTheOuterService(FakeMotionControl fake) {
        outer = fake;
    }

    @Test
    void theOuterClassHasItsService(FakeMotionControl fake) {
        assertThat(fake).isSameAs(outer);
    }

    @Nested
    class Inner {

        @Test
        void sharesTheEnclosingClasssService(FakeMotionControl fake) {
            assertThat(fake).isSameAs(outer);
        }

        @Nested
        class InnerStill {

            @Test
            void sharesItToo(FakeMotionControl fake) {
                assertThat(fake).isSameAs(outer);
            }
        }
    }

    @Nested
    @MotionControlFake(http = false)
    class WithItsOwn {

        @Test
        void hasAServiceOfItsOwnAsItsAnnotationSays(FakeMotionControl fake) {
            assertThat(fake).isNotSameAs(outer);
            assertThat(fake.library()).isNotSameAs(outer.library());
        }

        @Nested
        class AndItsNested {

            @Test
            void sharesTheNearestAnnotatedClasssService(FakeMotionControl fake) {
                assertThat(fake).isNotSameAs(outer);
                assertThatThrownBy(fake::baseUrl).as("without HTTP, as the nearest annotation says")
                        .isInstanceOf(IllegalStateException.class);
            }
        }
    }
}
