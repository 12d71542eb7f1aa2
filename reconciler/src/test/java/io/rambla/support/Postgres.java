package io.rambla.support;

import java.sql.DriverManager;

/** The PostgreSQL server the clustering tests run against (scripts/postgres start). */
public final class Postgres {

    public static final String JDBC_URL = System.getenv().getOrDefault("RAMBLA_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:55432/rambla");
    public static final String USER = System.getenv().getOrDefault("RAMBLA_TEST_JDBC_USER", "rambla");
    public static final String PASSWORD = System.getenv().getOrDefault("RAMBLA_TEST_JDBC_PASSWORD", "rambla");

    private Postgres() {}

    /** Fails, rather than skips, so a CI run without the database cannot pass by testing nothing. */
    public static void requireRunning() {
        try (var connection = DriverManager.getConnection(JDBC_URL, USER, PASSWORD)) {
            connection.isValid(5);
        } catch (Exception e) {
            throw new AssertionError("PostgreSQL does not answer at " + JDBC_URL + " (" + e.getMessage()
                    + "); start it with: scripts/postgres start", e);
        }
    }
}
