package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable;
import dev.motioncontrol.application.port.out.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the service's state in a SQL database: an embedded SQLite file, for one instance with nothing to install,
 * or a PostgreSQL database that several instances share. Opening creates or upgrades the schema (on a worker
 * thread) and refuses one newer than this build knows; it fails with
 * {@link dev.motioncontrol.application.MotionTransferFailure.StoreUnavailable}, saying why.
 *
 * <p>Every call to the store gives up after {@value #CALL_TIMEOUT_SECONDS} s rather than hang; a store whose
 * database was lost fails with {@code StoreUnavailable} and answers again by itself once the database is back.
 */
public final class SqlStateStores {

    /** How long one call to a store (a statement, or a transaction) may take. */
    public static final int CALL_TIMEOUT_SECONDS = 10;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(CALL_TIMEOUT_SECONDS);
    /** Connections to PostgreSQL per instance: a store call holds one for one statement or one transaction. */
    private static final int POSTGRESQL_CONNECTIONS = 8;
    /**
     * Transactions of writes on their way to PostgreSQL at once ({@link PgEngine}): two, so that one executes while
     * the other commits; with four, measured on two cores, they slowed each other (PostgreSQL spent half as much
     * again per submit).
     */
    private static final int POSTGRESQL_WRITE_TRANSACTIONS = 2;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /**
     * Threads (each with a connection) that read a SQLite file beside its one writer: SQLite reads a file written
     * ahead (WAL) while it is being written.
     */
    private static final int SQLITE_READERS = 2;
    /** How long SQLite waits for the file's lock (another process, such as a backup) before it fails. */
    private static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;

    private SqlStateStores() {
    }

    /**
     * The state in the SQLite file {@code file}, created with its directory if it does not exist. One instance
     * only: the store is not {@linkplain StateStore#shared() shared}.
     *
     * <p>The file is written ahead ({@code journal_mode=WAL}) and each commit reaches the disk before it is
     * acknowledged ({@code synchronous=FULL}): what was acknowledged survives the process being killed, and the
     * machine losing power too.
     */
    public static Future<StateStore> sqlite(Vertx vertx, Path file) {
        return sqlite(vertx, file, SQLiteConfig.SynchronousMode.FULL);
    }

    static Future<StateStore> sqlite(Vertx vertx, Path file, SQLiteConfig.SynchronousMode synchronous) {
        Objects.requireNonNull(vertx, "vertx");
        Path path = file.toAbsolutePath().normalize();
        String name = "SQLite file " + path;
        SQLiteDataSource dataSource = sqliteDataSource(path, synchronous);
        return vertx.<Database>executeBlocking(() -> {
            Path directory = path.getParent();
            if (directory != null) {
                Files.createDirectories(directory);
            }
            AutoCloseable lock = lockAgainstAnotherProcess(path, name);
            try {
                Migrations.apply(dataSource, name);
                return new Database(SqliteEngine.open(vertx, dataSource, SQLITE_READERS, name, lock), Dialect.SQLITE,
                        name, CALL_TIMEOUT);
            } catch (Exception | Error e) {
                lock.close();
                throw e;
            }
        }).<StateStore>map(database -> new SqlStateStore(database, TaskChangeNotices.NONE, false))
                .recover(failure -> Future.failedFuture(opening(name, failure)));
    }

    /**
     * Takes the file's lock ({@code <file>.lock}, an operating-system lock released when the store closes or the
     * process dies), or refuses: a second process on the same file would take the first one's submissions in
     * flight for interrupted ones and deliver its webhooks too. Several instances share PostgreSQL, not a file.
     */
    private static AutoCloseable lockAgainstAnotherProcess(Path file, String name) throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process, through another store
        }
        if (lock == null) {
            channel.close();
            throw new StoreUnavailable("The " + name + " is in use by another process (it holds " + lockFile
                    + "): SQLite serves one instance; run several on PostgreSQL");
        }
        FileLock held = lock;
        return () -> {
            held.release();
            channel.close();
        };
    }

    private static SQLiteDataSource sqliteDataSource(Path file, SQLiteConfig.SynchronousMode synchronous) {
        // On the config, not in the URL: SQLiteDataSource's defaults win over the URL's parameters.
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        // Otherwise the driver asks for last_insert_rowid() after every INSERT: a statement more per write, for
        // keys that nothing here reads.
        config.setGetGeneratedKeys(false);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    /**
     * The state in the PostgreSQL database at {@code url}, shared by every instance that opens it: changes are
     * announced to the others ({@code LISTEN}/{@code NOTIFY}), deliveries are claimed by one instance each.
     *
     * @param url      {@code postgresql://user@host:port/database?sslmode=...} (a password in it is taken, but
     *                 {@code password} wins); never repeated in a message
     * @param password the user's password, if any
     */
    public static Future<StateStore> postgresql(Vertx vertx, String url, Optional<String> password) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(password, "password");
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(url);
        } catch (RuntimeException e) {
            // The message of the parser may repeat the URL, password and all.
            return Future.failedFuture(new StoreUnavailable("The PostgreSQL URL of the service's store is not "
                    + "one: expected postgresql://user@host:port/database"));
        }
        password.ifPresent(options::setPassword);
        options.setCachePreparedStatements(true);
        // Every statement of the store reads through an index. The journal of submissions is a queue (a row inserted,
        // then deleted or settled, thousands a second): after autovacuum found it nearly empty, the planner takes it
        // for small and scans it whole to delete one row, among dead rows that pile up until the next vacuum; submits
        // slowed down threefold within a minute in the load benchmark. Off, a scan is planned only where no index
        // serves, which for these statements is never.
        options.addProperty("enable_seqscan", "off");
        String name = "PostgreSQL database " + options.getDatabase() + " at " + options.getHost() + ":"
                + options.getPort() + " as " + options.getUser();
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(POSTGRESQL_CONNECTIONS).setName("motion-control-postgresql")
                        .setConnectionTimeout(CALL_TIMEOUT_SECONDS))
                .with(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS))
                .connectingTo(options)
                .using(vertx)
                .build();
        // Two connections at most for the transactions of writes: the rest stay free for reads and transactions.
        Engine engine = new PgEngine(vertx, pool, Dialect.POSTGRESQL, POSTGRESQL_WRITE_TRANSACTIONS);
        Database database = new Database(engine, Dialect.POSTGRESQL, name, CALL_TIMEOUT);
        return vertx.<Void>executeBlocking(() -> {
            Migrations.apply(flywayDataSource(options), name);
            return null;
        }).compose(migrated -> PostgresTaskChangeNotices.listening(vertx, options))
                .<StateStore>map(notices -> new SqlStateStore(database, notices, true))
                .recover(failure -> database.close().transform(closed -> Future.failedFuture(opening(name, failure))));
    }

    /** The same database through JDBC, for Flyway alone. */
    private static PGSimpleDataSource flywayDataSource(PgConnectOptions options) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {options.getHost()});
        dataSource.setPortNumbers(new int[] {options.getPort()});
        dataSource.setDatabaseName(options.getDatabase());
        dataSource.setUser(options.getUser());
        dataSource.setPassword(options.getPassword());
        dataSource.setSslMode(options.getSslMode().value);
        dataSource.setConnectTimeout(CONNECT_TIMEOUT_MS / 1000);
        dataSource.setApplicationName("motion-control");
        return dataSource;
    }

    private static Throwable opening(String name, Throwable failure) {
        if (failure instanceof StoreUnavailable) {
            return failure;
        }
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new StoreUnavailable("The service's store (" + name + ") could not be opened: " + reason);
    }
}
