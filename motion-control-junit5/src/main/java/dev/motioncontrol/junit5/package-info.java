/**
 * Test support: the motion-control service on its fake provider, for a JUnit 5 test class, in one annotation,
 * {@link dev.motioncontrol.junit5.MotionControlFake}; the test drives it through a
 * {@link dev.motioncontrol.junit5.FakeMotionControl}.
 */
package dev.motioncontrol.junit5;
