package dev.motioncontrol.adapters.sql;

import static dev.motioncontrol.adapters.sql.TwoInstancesOnPostgresTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.ResultCopies;
import dev.motioncontrol.application.port.out.Submissions.Submission;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The many-row forms of the store's statements, run as PostgreSQL's group commit runs them, on the real schema: a
 * form that PostgreSQL refused would fall back to one-row writes unnoticed, and only the speed would tell.
 */
class ManyRowFormsTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Owner OWNER = new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]).of(new ClientKey("k"));
    private static final ModelTier AT = new ModelTier(Model.KLING_2_6, Tier.STANDARD);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @AfterAll
    static void closeVertx() {
        await(VERTX.close().toCompletionStage(), 10);
    }

    @Test
    void eachFormWritesItsRowsAndReturnsTheirKeys() {
        String url = TestPostgres.newDatabase();
        await(SqlStateStores.postgresql(VERTX, url, Optional.empty()).toCompletionStage(), 30).close();
        Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(VERTX).build();
        try {
            Submission keyed1 = submission(Optional.of("key-1"));
            Submission keyed2 = submission(Optional.of("key-2"));
            Submission keyless1 = submission(Optional.empty());
            Submission keyless2 = submission(Optional.empty());

            assertThat(run(pool, SqlSubmissions.INSERT_WITH_KEY, rows(keyed1, keyed2)))
                    .containsExactlyInAnyOrder(keyed1.id(), keyed2.id());
            assertThat(run(pool, SqlSubmissions.INSERT_WITH_KEY, rows(submission(Optional.of("key-1")))))
                    .as("a key taken").isEmpty();
            assertThat(run(pool, SqlSubmissions.INSERT_WITHOUT_KEY, rows(keyless1, keyless2)))
                    .containsExactlyInAnyOrder(keyless1.id(), keyless2.id());

            List<List<Object>> settled = new ArrayList<>();
            for (Submission keyed : List.of(keyed1, keyed2)) {
                // With its copies' every column set: the many-row form carries them too.
                TaskRecord task = TaskRecord.submitted(OWNER, TaskId.random(), AT, Optional.empty(), T0)
                        .withResults(ResultCopies.WANTED.due(T0).attemptFailed(T0, "HTTP 503",
                                Optional.of(T0.plusSeconds(30))), T0);
                List<Object> values = new ArrayList<>(TaskRows.values(task));
                values.addAll(Arrays.asList("CREATED", task.task().id().value(), null, keyed.id()));
                settled.add(values);
            }
            assertThat(run(pool, SqlSubmissions.CREATED_IN_ONE_STATEMENT, settled))
                    .containsExactlyInAnyOrder(keyed1.id(), keyed2.id());

            List<List<Object>> forgotten = new ArrayList<>();
            for (Submission keyless : List.of(keyless1, keyless2)) {
                List<Object> values = new ArrayList<>(TaskRows.values(
                        TaskRecord.submitted(OWNER, TaskId.random(), AT, Optional.empty(), T0)));
                values.add(keyless.id());
                forgotten.add(values);
            }
            assertThat(run(pool, SqlSubmissions.CREATED_AND_FORGOTTEN_IN_ONE_STATEMENT, forgotten))
                    .containsExactlyInAnyOrder(keyless1.id(), keyless2.id());

            assertThat(count(pool, "SELECT count(*) FROM tasks")).isEqualTo(4);
            assertThat(count(pool, "SELECT count(*) FROM tasks WHERE results_state = 'COPYING' "
                    + "AND results LIKE '%HTTP 503%' AND results_due_at = " + T0.plusSeconds(30).toEpochMilli()))
                    .isEqualTo(2);
            assertThat(count(pool, "SELECT count(*) FROM tasks WHERE results_state IS NULL AND results IS NULL "
                    + "AND results_due_at IS NULL")).isEqualTo(2);
            assertThat(count(pool, "SELECT count(*) FROM submissions WHERE state = 'CREATED'")).isEqualTo(2);
            assertThat(count(pool, "SELECT count(*) FROM submissions")).isEqualTo(2);
        } finally {
            await(pool.close().toCompletionStage(), 10);
        }
    }

    private static Submission submission(Optional<String> key) {
        return Submission.pending(UUID.randomUUID().toString(), OWNER, key, "fp", AT, T0, T0.plusSeconds(120),
                T0.plus(Duration.ofHours(24)));
    }

    private static List<List<Object>> rows(Submission... submissions) {
        return Arrays.stream(submissions).map(SqlSubmissions::values).toList();
    }

    private static Set<Object> run(Pool pool, ManyRows many, List<List<Object>> rows) {
        Set<Object> keys = new HashSet<>();
        for (Row row : await(pool.preparedQuery(Dialect.POSTGRESQL.placeholders(many.manyRows()))
                .execute(Tuple.wrap(many.arguments(rows))).toCompletionStage(), 10)) {
            keys.add(row.getValue(0));
        }
        return keys;
    }

    private static long count(Pool pool, String query) {
        return await(pool.query(query).execute().toCompletionStage(), 10).iterator().next().getLong(0);
    }
}
