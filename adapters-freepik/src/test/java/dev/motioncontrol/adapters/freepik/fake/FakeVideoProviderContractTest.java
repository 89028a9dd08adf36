package dev.motioncontrol.adapters.freepik.fake;

import dev.motioncontrol.application.port.out.ManualTimeSource;
import dev.motioncontrol.application.port.out.VideoProvider;
import dev.motioncontrol.application.port.out.OwnerIsolatingVideoProviderContract;
import java.net.URI;

class FakeVideoProviderContractTest extends OwnerIsolatingVideoProviderContract {

    private final ManualTimeSource clock = ManualTimeSource.standingStill();
    private final FakeProviderSettings settings = FakeProviderSettings.defaults(URI.create("http://localhost:8080"));

    @Override
    protected VideoProvider newProvider() {
        return new FakeVideoProvider(settings, clock);
    }

    @Override
    protected void letSubmittedTasksComplete() {
        clock.advance(settings.queueDelay().plus(settings.generationDelay()));
    }
}
