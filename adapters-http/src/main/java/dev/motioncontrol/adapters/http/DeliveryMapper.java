package dev.motioncontrol.adapters.http;

import dev.motioncontrol.application.WebhookDelivery;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.TaskId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.Named;
import org.mapstruct.ReportingPolicy;
import org.mapstruct.factory.Mappers;

/**
 * How a webhook delivery stands, to its wire record: the one answer of this API that is the service's own
 * rather than the provider's (those are in {@code dev.motioncontrol.freepik.api}). Every target property
 * must be mapped, so a field added on either side fails the build instead of being dropped.
 */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR)
interface DeliveryMapper {

    DeliveryMapper INSTANCE = Mappers.getMapper(DeliveryMapper.class);

    @Mapping(target = "taskId", source = "taskId.value")
    @Mapping(target = "webhookUrl", source = "delivery.target.url")
    @Mapping(target = "state", source = "delivery.state")
    @Mapping(target = "attempts", source = "delivery.attempts")
    @Mapping(target = "lastAttemptAt", source = "delivery.lastAttemptAt", qualifiedByName = "instant")
    @Mapping(target = "lastStatus", source = "delivery.lastStatus")
    @Mapping(target = "lastError", source = "delivery.lastError", qualifiedByName = "text")
    @Mapping(target = "nextAttemptAt", source = "delivery.nextAttemptAt", qualifiedByName = "instant")
    WebhookDeliveryBody toDeliveryBody(TaskId taskId, WebhookDelivery delivery);

    default WebhookDeliveryEnvelope toDeliveryEnvelope(TaskId taskId, WebhookDelivery delivery) {
        return new WebhookDeliveryEnvelope(toDeliveryBody(taskId, delivery));
    }

    default String url(HttpUrl url) {
        return url.toString();
    }

    /** An ISO-8601 instant, or {@code null} when there is none. */
    @Named("instant")
    default String instant(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    @Named("text")
    default String text(Optional<String> text) {
        return text.orElse(null);
    }

    default Integer httpStatus(OptionalInt status) {
        return status.isPresent() ? status.getAsInt() : null;
    }
}
