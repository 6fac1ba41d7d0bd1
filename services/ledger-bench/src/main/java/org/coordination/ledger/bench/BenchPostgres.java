package org.coordination.ledger.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL 17 for the whole run, with production durability: every commit waits for its
 * WAL to reach the disk ({@code fsync=on}, {@code synchronous_commit=on}). Each stage gets its own
 * database, so the stages do not see each other's rows.
 */
final class BenchPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private BenchPostgres(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    static BenchPostgres start(Path dataDirectory) throws IOException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("max_wal_size", "4GB")
                .start();
        return new BenchPostgres(server, dataDirectory);
    }

    int port() {
        return server.getPort();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    void createDatabase(String name) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        }
    }

    /**
     * The postmaster's process id, from the first line of postmaster.pid in the data directory (where
     * the server writes it at start), to measure the server's CPU; -1 if it cannot be read.
     */
    long postmasterPid() {
        try (var lines = Files.lines(dataDirectory.resolve("postmaster.pid"))) {
            return lines.findFirst().map(String::trim).map(Long::parseLong).orElse(-1L);
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** What the server really runs with, for the result file. */
    String setting(String name) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SHOW " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
