package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * The schema, created and upgraded by Flyway from versioned scripts in {@code db/migration}, written in the SQL that
 * SQLite and PostgreSQL share, so that both engines run the same ones (a step one engine needs alone would get a
 * location of its own beside it).
 * A database that a newer build already upgraded further than this build knows is refused: this build would
 * misread it. Blocking (JDBC): run on a worker thread.
 */
final class Migrations {

    private static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** Brings the schema of {@code dataSource} up to date, or refuses a schema newer than this build's. */
    static void apply(DataSource dataSource, String name) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                // Flyway ignores applied migrations it does not know by default ("*:future"): none is ignored here,
                // so that migrate() refuses them too, should a newer build upgrade the schema after the check below.
                .ignoreMigrationPatterns(new String[0])
                .load();
        List<MigrationInfo> unknown = Arrays.stream(flyway.info().all())
                .filter(migration -> migration.getState() == MigrationState.FUTURE_SUCCESS
                        || migration.getState() == MigrationState.FUTURE_FAILED)
                .toList();
        if (!unknown.isEmpty()) {
            throw new StoreUnavailable("The schema of the service's store (" + name + ") is newer than this build "
                    + "knows: it has " + unknown.stream().map(m -> "version " + m.getVersion() + " (" + m.getDescription()
                    + ")").collect(Collectors.joining(", ")) + ", this build knows up to version "
                    + latestKnown(flyway) + ". Run a build at least as new as the one that upgraded it.");
        }
        flyway.migrate();
    }

    private static String latestKnown(Flyway flyway) {
        return Arrays.stream(flyway.info().all())
                .filter(migration -> migration.getState() != MigrationState.FUTURE_SUCCESS
                        && migration.getState() != MigrationState.FUTURE_FAILED && migration.getVersion() != null)
                .reduce((earlier, later) -> later)
                .map(migration -> migration.getVersion().toString())
                .orElse("none");
    }
}
