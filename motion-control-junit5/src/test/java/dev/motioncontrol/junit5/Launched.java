package dev.motioncontrol.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Test classes run through the JUnit Platform Launcher, as a build would run them, from within a test. */
final class Launched {

    private Launched() {
    }

    static TestExecutionSummary run(Class<?>... classes) {
        return run(Map.of(), classes);
    }

    static TestExecutionSummary run(Map<String, String> configuration, Class<?>... classes) {
        Map<String, String> parameters = new HashMap<>(configuration);
        parameters.put(LaunchedFixture.PARAMETER, "true");
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(classes).map(type -> selectClass(type)).toList())
                .configurationParameters(parameters)
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }
}
