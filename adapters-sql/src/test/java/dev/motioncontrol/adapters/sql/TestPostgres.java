package dev.motioncontrol.adapters.sql;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for every test of the JVM (started on first use, on a free port, without fsync: its data is
 * thrown away), and a fresh, empty database in it for each test that asks.
 */
final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestPostgres() {
    }

    private static final class Server {
        static final EmbeddedPostgres POSTGRES = start(EmbeddedPostgres.builder());
    }

    /** Starts a server with the settings that make tests fast; zonky stops it when the JVM exits. */
    static EmbeddedPostgres start(EmbeddedPostgres.Builder builder) {
        try {
            return builder
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of a new, empty database, as the service is configured with. */
    static String newDatabase() {
        return newDatabase(Server.POSTGRES);
    }

    static String newDatabase(EmbeddedPostgres postgres) {
        String name = "t_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test database " + name, e);
        }
        return url(postgres, name);
    }

    static String url(EmbeddedPostgres postgres, String database) {
        return "postgresql://postgres@localhost:" + postgres.getPort() + "/" + database;
    }

    /** Runs {@code sql} in the database at {@code url}, as an operator would. */
    static void execute(String url, String sql) {
        String jdbc = "jdbc:" + url.replace("postgres@", "") + "?user=postgres";
        try (Connection connection = java.sql.DriverManager.getConnection(jdbc);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }
}
