package dev.motioncontrol.domain;

import java.util.Objects;

/** Where the result of a task is posted when it finishes ({@code webhook_url}). */
public record WebhookUrl(HttpUrl url) {

    public WebhookUrl {
        Objects.requireNonNull(url, "url");
    }
}
