package dev.motioncontrol.adapters.sql;

/**
 * Where the two engines' SQL differs. Statements are written once, with {@code ?} placeholders and the clauses
 * both engines share ({@code ON CONFLICT ... DO NOTHING}, {@code RETURNING}, partial indexes); the dialect
 * supplies the rest.
 */
enum Dialect {

    /**
     * One connection, so statements never interleave; a transaction takes the file's write lock from its first
     * statement ({@code IMMEDIATE}) rather than failing later on upgrading a read lock. No row locks: the
     * transaction already holds the whole file.
     */
    SQLITE("SQLite", "BEGIN IMMEDIATE", "", ""),

    /** Row locks: an update holds its row; claims skip the rows another instance is claiming. */
    POSTGRESQL("PostgreSQL", "BEGIN", " FOR UPDATE", " FOR UPDATE SKIP LOCKED");

    private final String engine;
    private final String begin;
    private final String lockRow;
    private final String claimRows;

    Dialect(String engine, String begin, String lockRow, String claimRows) {
        this.engine = engine;
        this.begin = begin;
        this.lockRow = lockRow;
        this.claimRows = claimRows;
    }

    /** The engine's name, for messages. */
    String engine() {
        return engine;
    }

    /** Starts a transaction. */
    String begin() {
        return begin;
    }

    /** Appended to a {@code SELECT} of a row the transaction is about to change. */
    String lockRow() {
        return lockRow;
    }

    /** Appended to a {@code SELECT} of rows to claim, so that concurrent claims take different rows. */
    String claimRows() {
        return claimRows;
    }

    /** {@code statement} with its {@code ?} placeholders as this engine numbers them. */
    String placeholders(String statement) {
        if (this != POSTGRESQL) {
            return statement;
        }
        StringBuilder numbered = new StringBuilder(statement.length() + 16);
        int n = 0;
        for (int i = 0; i < statement.length(); i++) {
            char c = statement.charAt(i);
            if (c == '?') {
                numbered.append('$').append(++n);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }
}
