package dev.motioncontrol.adapters.sql;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one statement answered, whichever engine ran it: the rows it returned (by column name) and how many rows it
 * changed. The engines' own row types stay inside the engines, so that each query is written once for both.
 *
 * @param rows    the rows returned, in order
 * @param changed how many rows an {@code INSERT}, {@code UPDATE} or {@code DELETE} changed (0 for a query)
 */
record Rows(List<Row> rows, int changed) implements Iterable<Rows.Row> {

    Rows {
        rows = List.copyOf(rows);
    }

    /** No row returned, {@code changed} rows changed. */
    static Rows changed(int changed) {
        return new Rows(List.of(), changed);
    }

    Optional<Row> first() {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    int size() {
        return rows.size();
    }

    @Override
    public Iterator<Row> iterator() {
        return rows.iterator();
    }

    /**
     * One row: its values, looked up by column name through an index that all the rows of one answer share.
     * Integers come back as the engine returned them (SQLite gives an {@code Integer} for a small {@code BIGINT}),
     * and are read through {@link Number}.
     */
    static final class Row {

        private final Map<String, Integer> columns;
        private final Object[] values;

        Row(Map<String, Integer> columns, Object[] values) {
            this.columns = Objects.requireNonNull(columns, "columns");
            this.values = Objects.requireNonNull(values, "values");
        }

        String string(String column) {
            Object value = value(column);
            return value == null ? null : value.toString();
        }

        Long longValue(String column) {
            Object value = value(column);
            return value == null ? null : ((Number) value).longValue();
        }

        Integer integer(String column) {
            Object value = value(column);
            return value == null ? null : ((Number) value).intValue();
        }

        private Object value(String column) {
            Integer index = columns.get(column);
            if (index == null) {
                throw new IllegalArgumentException("no column " + column + " in " + columns.keySet());
            }
            return values[index];
        }
    }
}
