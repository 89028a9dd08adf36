package dev.motioncontrol.adapters.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.OwnerHashing;
import dev.motioncontrol.application.port.out.TaskRecords.TaskRecord;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.TaskId;
import dev.motioncontrol.domain.Tier;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The statements of {@code tasks} name its columns in several places (the column list, its count, the insert's
 * placeholders, the many-row form's arrays, the update's assignments, the values): a column added to one and not
 * another would shift every value after it.
 */
class TaskRowsTest {

    private static final TaskRecord RECORD = TaskRecord.submitted(
            new OwnerHashing(new byte[OwnerHashing.SECRET_BYTES]).of(new ClientKey("k")), TaskId.random(),
            new ModelTier(Model.KLING_2_6, Tier.PRO), Optional.empty(), Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void everyStatementOfTasksHasOneValuePerColumn() {
        int columns = TaskRows.COLUMNS.split(",").length;

        assertThat(TaskRows.COLUMN_COUNT).isEqualTo(columns);
        assertThat(TaskRows.values(RECORD)).hasSize(columns);
        assertThat(placeholders(SqlTaskRecords.INSERT)).isEqualTo(columns);
        assertThat(placeholders(SqlTaskRecords.UNNESTED_ROWS)).isEqualTo(columns);
        // Every column but the id and the owner, then the id.
        assertThat(placeholders(TaskRows.SET_CHANGEABLE)).isEqualTo(columns - 2);
        assertThat(TaskRows.changes(RECORD)).hasSize(columns - 1);
    }

    private static long placeholders(String statement) {
        return statement.chars().filter(c -> c == '?').count();
    }
}
