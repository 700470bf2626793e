package io.fanout.store;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;

import io.fanout.db.Database;

/** The job store on H2: a file database in a temporary directory, a new one for each test. */
class H2JobStoreTest extends JobStoreContract {

    @TempDir
    Path dir;

    private int databases;

    @Override
    protected DataSource dataSource() {
        Path file = dir.resolve("store-" + ++databases).toAbsolutePath();
        return Database.pool("jdbc:h2:file:" + file, "sa", "", 4);
    }
}
