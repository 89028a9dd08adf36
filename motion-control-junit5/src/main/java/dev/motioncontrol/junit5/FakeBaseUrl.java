package dev.motioncontrol.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link java.net.URI} parameter of a test class with {@link MotionControlFake}: the fake service's base URL,
 * {@link FakeMotionControl#baseUrl()}, ending with {@code /}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FakeBaseUrl {
}
