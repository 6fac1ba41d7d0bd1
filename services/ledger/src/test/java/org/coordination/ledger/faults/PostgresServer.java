package org.coordination.ledger.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A real PostgreSQL 17 server process on a fixed port and data directory, so that it can be restarted,
 * crashed and recovered under the ledger while the ledger keeps its JDBC URL, and its backends
 * terminated. It is the same server the ledger runs on by default, started as a separate process.
 */
final class PostgresServer implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private PostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    static PostgresServer start(Path dataDirectory, int port) throws IOException {
        PostgresServer postgres = new PostgresServer(dataDirectory, port);
        postgres.startServer();
        return postgres;
    }

    private void startServer() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "120")
                .start();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** A client that opens a new connection per call, so it never holds one across a restart. */
    JdbcTemplate jdbc() {
        return new JdbcTemplate(new DriverManagerDataSource(jdbcUrl(), "postgres", ""));
    }

    /** A clean restart: the server shuts down fast (every connection cut, open transactions rolled back) and starts again. */
    void restart() throws IOException {
        server.close();
        startServer();
    }

    /**
     * A crash: SIGQUIT is PostgreSQL's immediate shutdown (no checkpoint, every backend killed), so the
     * next start recovers from the write-ahead log, as after a power cut.
     */
    void crashAndRecover() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        Process kill = new ProcessBuilder("kill", "-QUIT", String.valueOf(pid)).inheritIO().start();
        kill.waitFor(10, TimeUnit.SECONDS);
        ProcessHandle.of(pid).ifPresent(postmaster -> postmaster.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        server.close(); // finds the server gone; releases its lock on the data directory
        startServer();
    }

    /**
     * Terminates the backends of the ledger's database that are inside a transaction (running a
     * statement, or between two statements of one), as an operator or a failover would: the connection
     * drops mid-transaction, the case where what the service keeps in memory and what was committed can
     * part. Idle pooled connections are left alone; killing those only makes the pool open new ones.
     */
    int terminateBackends() throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE datname = 'postgres' AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
                     + "AND state IN ('active', 'idle in transaction')")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
