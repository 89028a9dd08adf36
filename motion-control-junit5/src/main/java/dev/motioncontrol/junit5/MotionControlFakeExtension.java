package dev.motioncontrol.junit5;

import java.lang.reflect.AnnotatedElement;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What {@link MotionControlFake} registers: starts the fake service for the annotated class, hands out its
 * {@link FakeMotionControl} and base URL, resets it before each test, and stops it after the class.
 *
 * <p>The service belongs to the nearest class, from the test outwards, that carries {@link MotionControlFake} itself
 * (through a superclass too, the annotation being inherited); a {@code @Nested} class without it shares its enclosing
 * class's. Registered by {@code @ExtendWith} on a class that no class carries the annotation on, the outermost class
 * owns one with the annotation's defaults. The service is kept in the owning class's store, started on first need (its
 * {@code beforeAll}, or earlier for a test instance made per class), and stopped in its {@code afterAll}; the store
 * closes it too, should that not run.
 */
public final class MotionControlFakeExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MotionControlFakeExtension.class);

    /** The service of one class, closed with the class's store. */
    private static final class Running implements AutoCloseable {
        private final FakeMotionControl fake;

        Running(FakeMotionControl fake) {
            this.fake = fake;
        }

        @Override
        public void close() {
            fake.stop();
        }
    }

    /** Carries the annotation's defaults, for a class extended without it. */
    @MotionControlFake
    private static final class Defaults {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isOwner(context)) {
            serviceOf(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (isOwner(context)) {
            Running running = context.getStore(NAMESPACE).remove(context.getUniqueId(), Running.class);
            if (running != null) {
                running.close();
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        serviceOf(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FakeMotionControl.class || type == URI.class && parameter.isAnnotated(FakeBaseUrl.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        FakeMotionControl fake = serviceOf(context);
        return parameter.getParameter().getType() == FakeMotionControl.class ? fake : fake.baseUrl();
    }

    /** The service {@code context} runs with: its owning class's, started if need be. */
    private static FakeMotionControl serviceOf(ExtensionContext context) {
        ExtensionContext owner = ownerOf(context);
        MotionControlFake wanted = annotationOf(owner).orElseGet(() -> Defaults.class.getAnnotation(MotionControlFake.class));
        // Keyed by the owner: a store also answers with what its ancestors hold, which is the enclosing class's service.
        return owner.getStore(NAMESPACE)
                .getOrComputeIfAbsent(owner.getUniqueId(), key -> new Running(FakeMotionControl.start(wanted)),
                        Running.class)
                .fake;
    }

    /** Whether {@code context} is a class's that owns a service. */
    private static boolean isOwner(ExtensionContext context) {
        return isClassContext(context) && ownerOf(context) == context;
    }

    /**
     * The nearest class context, from {@code context} outwards, whose class carries the annotation; without one, the
     * outermost class context.
     */
    private static ExtensionContext ownerOf(ExtensionContext context) {
        ExtensionContext outermost = null;
        for (Optional<ExtensionContext> at = Optional.of(context); at.isPresent(); at = at.get().getParent()) {
            ExtensionContext candidate = at.get();
            if (isClassContext(candidate)) {
                if (annotationOf(candidate).isPresent()) {
                    return candidate;
                }
                outermost = candidate;
            }
        }
        if (outermost == null) {
            throw new IllegalStateException("the fake motion-control service serves test classes only");
        }
        return outermost;
    }

    private static boolean isClassContext(ExtensionContext context) {
        return context.getElement().filter(Class.class::isInstance).isPresent();
    }

    private static Optional<MotionControlFake> annotationOf(ExtensionContext classContext) {
        AnnotatedElement type = classContext.getElement().orElseThrow();
        return AnnotationSupport.findAnnotation(type, MotionControlFake.class);
    }
}
