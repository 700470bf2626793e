package io.fanout.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;

/** The database: a pooled DataSource (its schema: io.fanout.store.JobRepository#migrate), and the demo's do-not-mail list. */
public final class Database {

    private Database() {
    }

    public static HikariDataSource pool(String url, String user, String password, int maxSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withoutCloseOnExit(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxSize);
        config.setPoolName("fanout-db");
        // a database still starting, or an H2 file whose lock a killed process left behind (AUTO_SERVER=TRUE refuses
        // it for a few seconds), is tried again for up to 15 s before the start fails
        config.setInitializationFailTimeout(15_000);
        return new HikariDataSource(config);
    }

    /**
     * H2 closes a database from a JVM shutdown hook of its own, while the records in flight during a graceful stop
     * still need it: the pool is closed by the service itself, after them. (H2 refuses this with AUTO_SERVER=TRUE,
     * a database shared with other processes: there H2 keeps its own hook.)
     */
    static String withoutCloseOnExit(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        boolean h2File = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
        return h2File && !upper.contains("DB_CLOSE_ON_EXIT") && !upper.contains("AUTO_SERVER=TRUE") ? url + ";DB_CLOSE_ON_EXIT=FALSE" : url;
    }

    /** Adds the demo do-not-mail list ({@code db/do-not-mail.csv}, e-mails stored lower case) where absent. Returns the rows added. */
    public static int seedDoNotMail(DataSource dataSource) throws IOException, SQLException {
        int added = 0;
        try (Reader in = new InputStreamReader(resource("db/do-not-mail.csv"), StandardCharsets.UTF_8);
             Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO do_not_mail (email, reason) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM do_not_mail WHERE email = ?)")) {
            for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                String email = row.get("email").trim().toLowerCase(Locale.ROOT);
                insert.setString(1, email);
                insert.setString(2, row.get("reason"));
                insert.setString(3, email);
                added += insert.executeUpdate();
            }
        }
        return added;
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(Database.class.getClassLoader().getResourceAsStream(name), name + " is missing from the classpath");
    }
}
