package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.application.port.out.DurableStateStoreContract;
import dev.motioncontrol.application.port.out.StateStore;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest extends DurableStateStoreContract {

    private static final Vertx VERTX = Vertx.vertx();

    @TempDir
    Path directory;

    @Override
    protected StateStore openStore() {
        return await(SqlStateStores.sqlite(VERTX, file()).toCompletionStage());
    }

    @Override
    protected StateStore reopen(StateStore store) {
        store.close();
        return openStore();
    }

    private Path file() {
        return directory.resolve("data").resolve("motion-control.db");
    }

    @AfterAll
    static void closeVertx() {
        await(VERTX.close().toCompletionStage());
    }
}
