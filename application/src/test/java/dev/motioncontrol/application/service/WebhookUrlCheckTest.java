package dev.motioncontrol.application.service;

import com.google.common.net.InetAddresses;
import static dev.motioncontrol.application.service.Stages.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.motioncontrol.application.port.out.HostResolver;
import dev.motioncontrol.application.port.out.ManualScheduler;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.UrlAccessPolicy;
import dev.motioncontrol.domain.Violation;
import dev.motioncontrol.domain.WebhookUrl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class WebhookUrlCheckTest {

    private static final WebhookUrl HOOK = new WebhookUrl(HttpUrl.of("https://hooks.example.com/done"));
    private static final String HOST = "hooks.example.com";

    @Mock
    private HostResolver resolver;

    private final ManualScheduler scheduler = new ManualScheduler();

    private WebhookUrlCheck check() {
        return WebhookUrlCheck.resolvingWith(resolver, UrlAccessPolicy.publicOnly(), scheduler);
    }

    @Test
    void aServiceThatCannotDeliverWebhooksRefusesEveryOne() {
        Optional<Violation> problem = resultOf(WebhookUrlCheck.refusingAll().problemWith(HOOK));

        assertThat(problem).hasValueSatisfying(violation -> {
            assertThat(violation.field()).isEqualTo("webhook_url");
            assertThat(violation.reason()).contains("webhook secret");
        });
    }

    @Test
    void aHostThatResolvesToPublicAddressesOnlyIsAccepted() {
        resolvesTo(address("93.184.216.34"), address("93.184.216.35"));

        assertThat(resultOf(check().problemWith(HOOK))).isEmpty();
    }

    @Test
    void aHostThatResolvesToAPrivateAddressIsRefusedNamingTheAddress() {
        resolvesTo(address("10.0.0.5"));

        Optional<Violation> problem = resultOf(check().problemWith(HOOK));

        assertThat(problem).hasValueSatisfying(violation -> {
            assertThat(violation.field()).isEqualTo("webhook_url");
            assertThat(violation.reason()).contains("10.0.0.5").contains("private");
        });
    }

    @Test
    void oneRefusedAddressAmongPublicOnesIsEnoughToRefuse() {
        resolvesTo(address("93.184.216.34"), address("169.254.169.254"));

        assertThat(resultOf(check().problemWith(HOOK))).isPresent();
    }

    @Test
    void anAllowListedPrivateAddressIsAccepted() {
        resolvesTo(address("10.0.0.5"));
        WebhookUrlCheck check = WebhookUrlCheck.resolvingWith(resolver,
                UrlAccessPolicy.publicOnlyExcept(List.of("10.0.0.0/8")), scheduler);

        assertThat(resultOf(check.problemWith(HOOK))).isEmpty();
    }

    @Test
    void anIpv6LiteralIsAskedOfTheResolverAsWrittenInTheUrl() {
        when(resolver.resolve("[2606:2800:220:1::1]")).thenReturn(CompletableFuture.completedFuture(
                List.of(address("2606:2800:220:1::1"))));

        assertThat(resultOf(check().problemWith(new WebhookUrl(HttpUrl.of("https://[2606:2800:220:1::1]/done")))))
                .isEmpty();
    }

    @Test
    void aHostThatDoesNotResolveIsLeftToTheDelivery() {
        when(resolver.resolve(HOST)).thenReturn(CompletableFuture.failedFuture(new UnknownHostException(HOST)));

        assertThat(resultOf(check().problemWith(HOOK))).isEmpty();
    }

    @Test
    void aResolverThatThrowsIsLikeAHostThatDoesNotResolve() {
        when(resolver.resolve(HOST)).thenThrow(new IllegalStateException("the adapter's own bug"));

        assertThat(resultOf(check().problemWith(HOOK))).isEmpty();
    }

    @Test
    void aHostThatDoesNotResolveInTimeIsLeftToTheDelivery() {
        when(resolver.resolve(HOST)).thenReturn(new CompletableFuture<>());
        CompletionStage<Optional<Violation>> checked = check().problemWith(HOOK);
        assertThat(checked.toCompletableFuture()).isNotDone();

        scheduler.advance(Duration.ofSeconds(WebhookUrlCheck.RESOLUTION_TIMEOUT_SECONDS));

        assertThat(resultOf(checked)).isEmpty();
    }

    @Test
    void anAnswerInTimeCancelsTheTimeLimit() {
        resolvesTo(address("93.184.216.34"));

        resultOf(check().problemWith(HOOK));

        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void aServiceThatCannotDeliverWebhooksLooksNothingUp() {
        resultOf(WebhookUrlCheck.refusingAll().problemWith(HOOK));

        verifyNoInteractions(resolver);
    }

    @Test
    void acceptingAllHonoursEveryUrlWithoutLookingItUp() {
        Optional<Violation> problem = resultOf(WebhookUrlCheck.acceptingAll().problemWith(HOOK));

        assertThat(problem).isEmpty();
        verifyNoInteractions(resolver);
    }

    private void resolvesTo(InetAddress... addresses) {
        when(resolver.resolve(HOST)).thenReturn(CompletableFuture.completedFuture(List.of(addresses)));
    }

    private static InetAddress address(String literal) {
        return InetAddresses.forString(literal);
    }
}
