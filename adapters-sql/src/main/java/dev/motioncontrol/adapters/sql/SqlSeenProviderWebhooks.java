package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.Engine.arguments;

import dev.motioncontrol.application.port.out.SeenProviderWebhooks;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** The provider's webhook ids already applied, in {@code seen_provider_webhooks}. */
final class SqlSeenProviderWebhooks implements SeenProviderWebhooks {

    private static final String SEEN = "SELECT 1 FROM seen_provider_webhooks WHERE webhook_id = ?";
    private static final String REMEMBER = "INSERT INTO seen_provider_webhooks (webhook_id, received_at) "
            + "VALUES (?, ?) ON CONFLICT (webhook_id) DO NOTHING";
    private static final String FORGET_BEFORE = "DELETE FROM seen_provider_webhooks WHERE received_at < ?";

    private final Database database;

    SqlSeenProviderWebhooks(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public CompletionStage<Boolean> seen(String webhookId) {
        return database.answer(database.read(SEEN, arguments(webhookId)).map(rows -> rows.size() > 0));
    }

    @Override
    public CompletionStage<Void> remember(String webhookId, Instant at) {
        return database.answer(database.write(REMEMBER, arguments(webhookId, at.toEpochMilli())).mapEmpty());
    }

    @Override
    public CompletionStage<Void> forgetBefore(Instant cutoff) {
        return database.answer(database.write(FORGET_BEFORE, arguments(cutoff.toEpochMilli())).mapEmpty());
    }
}
