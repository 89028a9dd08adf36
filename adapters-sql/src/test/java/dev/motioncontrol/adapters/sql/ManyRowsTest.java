package dev.motioncontrol.adapters.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManyRowsTest {

    private static final String ONE = "INSERT INTO t (id, name, at) VALUES (?, ?, ?)";

    @Test
    void eachArgumentBecomesAnArrayOfTheTypeItsCastNames() {
        ManyRows many = ManyRows.of(ONE, "INSERT INTO t (id, name, at) "
                + "SELECT * FROM unnest(?::integer[], ?::text[], ?::bigint[]) RETURNING id", 0);

        List<Object> arguments = many.arguments(List.of(Arrays.asList(1, "a", 10L), Arrays.asList(2, null, null)));

        assertThat(arguments).hasSize(3);
        assertThat(arguments.get(0)).isEqualTo(new Integer[] {1, 2});
        assertThat(arguments.get(1)).isEqualTo(new String[] {"a", null});
        assertThat(arguments.get(2)).isEqualTo(new Long[] {10L, null});
    }

    @Test
    void aManyRowFormThatDoesNotMatchTheOneRowFormIsRefused() {
        assertThatThrownBy(() -> ManyRows.of(ONE, "SELECT * FROM unnest(?::integer[], ?::text[])", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one typed array per argument");
        assertThatThrownBy(() -> ManyRows.of(ONE, "SELECT * FROM unnest(?::integer[], ?::text[], ?::json[])", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("?::json[]");
        assertThatThrownBy(() -> ManyRows.of(ONE, "SELECT * FROM unnest(?::integer[], ?::text[], ?::bigint[])", 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No argument 3");
    }
}
