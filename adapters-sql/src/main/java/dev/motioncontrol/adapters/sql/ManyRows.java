package dev.motioncontrol.adapters.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A write of one row, and the same write for many rows in one statement, for PostgreSQL's group commit
 * ({@link PgEngine}): a batch of the one-row write, executed statement by statement, costs PostgreSQL a bind, an
 * executor start, a lock of the table and its indexes and a check of its constraints per row; the many-row form
 * costs those once per batch, and half the time per row or less. In the many-row form each {@code ?} of the
 * one-row form becomes an array with one element per row, written {@code ?::text[]}, {@code ?::bigint[]} or
 * {@code ?::integer[]} (read with {@code unnest} or {@code = ANY}), in the same order; it returns one column, the
 * key (the value of argument {@code key} of the one-row form) of each row it wrote. A row whose key it does not
 * return was not written, as a one-row write that changes no row ({@code ON CONFLICT DO NOTHING}).
 *
 * <p>The one-row form returns no rows (its callers read how many it changed). An engine that knows the many-row form
 * of a statement uses it for every batch of that statement's text, however the writes were asked for. Other engines
 * run the one-row form.
 */
record ManyRows(String oneRow, String manyRows, int key, List<Class<?>> arrays) {

    private static final Pattern ARRAY = Pattern.compile("\\?::(\\w+)\\[]");
    private static final Map<String, Class<?>> ARRAY_CLASSES = Map.of("text", String[].class,
            "bigint", Long[].class, "integer", Integer[].class);

    ManyRows {
        Objects.requireNonNull(oneRow, "oneRow");
        Objects.requireNonNull(manyRows, "manyRows");
        arrays = List.copyOf(arrays);
        long placeholders = oneRow.chars().filter(c -> c == '?').count();
        if (arrays.size() != placeholders || manyRows.chars().filter(c -> c == '?').count() != placeholders) {
            throw new IllegalArgumentException("The many-row form needs one typed array per argument of: " + oneRow);
        }
        if (key < 0 || key >= placeholders) {
            throw new IllegalArgumentException("No argument " + key + " in: " + oneRow);
        }
    }

    /** The two forms, with the arrays' types read from the many-row form's casts. */
    static ManyRows of(String oneRow, String manyRows, int key) {
        List<Class<?>> arrays = new ArrayList<>();
        Matcher cast = ARRAY.matcher(manyRows);
        while (cast.find()) {
            Class<?> array = ARRAY_CLASSES.get(cast.group(1));
            if (array == null) {
                throw new IllegalArgumentException("No array type for " + cast.group() + " in: " + manyRows);
            }
            arrays.add(array);
        }
        return new ManyRows(oneRow, manyRows, key, arrays);
    }

    /** The arguments of the many-row form for the rows whose one-row arguments are {@code rows}. */
    List<Object> arguments(List<List<Object>> rows) {
        List<Object> columns = new ArrayList<>(arrays.size());
        for (int column = 0; column < arrays.size(); column++) {
            Object[] values = newArray(arrays.get(column), rows.size());
            for (int row = 0; row < values.length; row++) {
                values[row] = rows.get(row).get(column);
            }
            columns.add(values);
        }
        return columns;
    }

    private static Object[] newArray(Class<?> array, int length) {
        if (array == String[].class) {
            return new String[length];
        }
        return array == Long[].class ? new Long[length] : new Integer[length];
    }
}
