package dev.motioncontrol.adapters.sql;

import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.StateStore;
import dev.motioncontrol.domain.TaskId;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark, not a test (run by {@code bench/ten-million.sh}, never by {@code mvn verify}): whether 10 million task
 * records on disk slow a lookup down against 10 thousand. Fills a small and a large store of one engine (once:
 * a store that already holds its rows is reused), opens both through {@link SqlStateStores}, and times
 * {@code find(owner, id)} of random ids in rounds that alternate between the two, 64 lookups in flight at a time.
 * Every row is an unfinished task, so that no lookup is answered from memory: each one reads the database.
 *
 * <pre>
 *   TenMillionRecords sqlite &lt;directory&gt; [small] [large] [rounds] [lookups per round]
 *   TenMillionRecords postgresql &lt;url of a database to create the two databases from&gt; [...]
 * </pre>
 */
public final class TenMillionRecords {

    private static final int IN_FLIGHT = 64;
    private static final long T0 = 1_764_000_000_000L;

    private TenMillionRecords() {
    }

    public static void main(String[] args) throws Exception {
        String engine = args[0];
        String location = args[1];
        long small = args.length > 2 ? Long.parseLong(args[2]) : 10_000;
        long large = args.length > 3 ? Long.parseLong(args[3]) : 10_000_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 7;
        int lookups = args.length > 5 ? Integer.parseInt(args[5]) : 20_000;
        Vertx vertx = Vertx.vertx();
        try {
            StateStore smallStore = open(vertx, engine, location, small);
            StateStore largeStore = open(vertx, engine, location, large);
            double[][] rates = new double[2][rounds];
            double[][] medians = new double[2][rounds];
            // Unmeasured: both stores warm (the JIT, the connections, the first pages).
            lookUp(smallStore, small, lookups / 4);
            lookUp(largeStore, large, lookups / 4);
            for (int round = 0; round < rounds; round++) {
                // Alternating which goes first, so that neither always follows the other.
                for (int turn = 0; turn < 2; turn++) {
                    int which = (round + turn) % 2;
                    long[] latencies = which == 0 ? lookUp(smallStore, small, lookups)
                            : lookUp(largeStore, large, lookups);
                    rates[which][round] = latencies[latencies.length - 1];
                    medians[which][round] = latencies[latencies.length / 2 - 1] / 1000.0;
                }
                System.out.printf(Locale.ROOT, "round %d: %,d records %,.0f finds/s (median %.0f us), %,d records %,.0f"
                        + " finds/s (median %.0f us)%n", round + 1, small, rates[0][round], medians[0][round], large,
                        rates[1][round], medians[1][round]);
            }
            double smallRate = median(rates[0]);
            double largeRate = median(rates[1]);
            double smallLatency = median(medians[0]);
            double largeLatency = median(medians[1]);
            System.out.printf(Locale.ROOT, "%s: median of %d rounds of %,d finds, %d in flight%n", engine, rounds, lookups,
                    IN_FLIGHT);
            System.out.printf(Locale.ROOT, "  %,12d records: %,10.0f finds/s, median latency %6.0f us%n", small, smallRate,
                    smallLatency);
            System.out.printf(Locale.ROOT, "  %,12d records: %,10.0f finds/s, median latency %6.0f us%n", large, largeRate,
                    largeLatency);
            double slowdown = smallRate / largeRate;
            System.out.printf(Locale.ROOT, "  slowdown (rate of the small / rate of the large): %.2fx (target <= 2)  %s%n",
                    slowdown, slowdown <= 2 ? "PASS" : "FAIL");
            smallStore.close();
            largeStore.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * {@code lookups} finds of random ids, {@value #IN_FLIGHT} at a time: their latencies in nanoseconds, sorted,
     * then the rate in finds per second.
     */
    private static long[] lookUp(StateStore store, long records, int lookups) throws Exception {
        long[] latencies = new long[lookups + 1];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long start = System.nanoTime();
        for (int done = 0; done < lookups; done += IN_FLIGHT) {
            int batch = Math.min(IN_FLIGHT, lookups - done);
            List<CompletableFuture<Void>> inFlight = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                long n = random.nextLong(records);
                int slot = done + i;
                long began = System.nanoTime();
                inFlight.add(store.tasks().find(owner(n), taskId(n)).toCompletableFuture().thenAccept(found -> {
                    latencies[slot] = System.nanoTime() - began;
                    if (found.isEmpty()) {
                        throw new IllegalStateException("task " + n + " not found");
                    }
                }));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies, 0, lookups);
        latencies[lookups] = Math.round(lookups / seconds);
        return latencies;
    }

    static TaskId taskId(long n) {
        return new TaskId(String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", n));
    }

    /** A thousand owners, each with a block of ids. */
    static Owner owner(long n) {
        return new Owner(String.format(Locale.ROOT, "%064x", n % 1000));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static StateStore open(Vertx vertx, String engine, String location, long records) throws Exception {
        String name = "tasks_" + records;
        if (engine.equals("sqlite")) {
            Path file = Path.of(location).resolve(name + ".db");
            StateStore store = await(SqlStateStores.sqlite(vertx, file).toCompletionStage().toCompletableFuture());
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                fill(connection, records, "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < "
                        + (records - 1) + ") ", "printf('00000000-0000-4000-8000-%012d', i)", "printf('%064x', i % 1000)",
                        "n");
            }
            System.out.printf(Locale.ROOT, "%s: %,d records, %,d MB%n", file, records, Files.size(file) >> 20);
            return store;
        }
        String url = location.replaceAll("/[^/?]*(\\?.*)?$", "/" + name);
        try (Connection admin = jdbc(location)) {
            boolean exists;
            try (ResultSet rows = admin.createStatement()
                    .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                exists = rows.next();
            }
            if (!exists) {
                admin.createStatement().execute("CREATE DATABASE " + name);
            }
        }
        StateStore store = await(SqlStateStores.postgresql(vertx, url, Optional.empty()).toCompletionStage()
                .toCompletableFuture());
        try (Connection connection = jdbc(url)) {
            fill(connection, records, "", "'00000000-0000-4000-8000-' || lpad(i::text, 12, '0')",
                    "lpad(to_hex(i % 1000), 64, '0')", "generate_series(0, " + (records - 1) + ") AS n(i)");
            connection.createStatement().execute("VACUUM ANALYZE tasks");
        }
        System.out.printf(Locale.ROOT, "%s: %,d records%n", url.replaceAll("//[^@/]*@", "//"), records);
        return store;
    }

    /** Fills {@code tasks} with {@code records} unfinished tasks in one statement, unless it holds them already. */
    private static void fill(Connection connection, long records, String with, String id, String owner, String from)
            throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM tasks")) {
            count.next();
            if (count.getLong(1) == records) {
                return;
            }
        }
        long started = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM tasks");
            statement.execute(with + "INSERT INTO tasks (task_id, owner, model, tier, status, generated, created_at, "
                    + "checked_at) SELECT " + id + ", " + owner + ", 'KLING_2_6', 'PRO', 'IN_PROGRESS', '[]', " + T0
                    + " + i, " + T0 + " + i FROM " + from);
        }
        System.out.printf(Locale.ROOT, "filled %,d records in %.0f s%n", records, (System.nanoTime() - started) / 1e9);
    }

    private static Connection jdbc(String url) throws SQLException {
        // postgresql://user[:password]@host:port/database -> jdbc:postgresql://host:port/database?user=...
        java.net.URI uri = java.net.URI.create(url);
        String[] user = uri.getUserInfo() == null ? new String[] {"postgres"} : uri.getUserInfo().split(":", 2);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath() + "?user=" + user[0]
                + (user.length > 1 ? "&password=" + user[1] : "");
        return DriverManager.getConnection(jdbc);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }
}
