package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.application.port.out.DurableStateStoreContract;
import dev.motioncontrol.application.port.out.StateStore;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

class PostgresStateStoreTest extends DurableStateStoreContract {

    private static final Vertx VERTX = Vertx.vertx();

    private String url;

    @Override
    protected StateStore openStore() {
        url = TestPostgres.newDatabase();
        return open();
    }

    @Override
    protected StateStore reopen(StateStore store) {
        store.close();
        return open();
    }

    private StateStore open() {
        return await(SqlStateStores.postgresql(VERTX, url, Optional.empty()).toCompletionStage());
    }

    @AfterAll
    static void closeVertx() {
        await(VERTX.close().toCompletionStage());
    }
}
