package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterDatabaseTest {

    @Test
    void quartzsOwnScriptIsRunWithoutItsDropsCommentsOrCommit() throws Exception {
        String script = new String(ClusterDatabase.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql").readAllBytes());

        var statements = ClusterDatabase.createStatements(script);

        assertThat(statements).isNotEmpty()
                .allMatch(sql -> sql.startsWith("CREATE TABLE") || sql.startsWith("CREATE INDEX"))
                .anyMatch(sql -> sql.startsWith("CREATE TABLE QRTZ_LOCKS"))
                .anyMatch(sql -> sql.startsWith("CREATE TABLE QRTZ_SCHEDULER_STATE"));
    }

    @Test
    void aDropIsNeverRunEvenInLowerCase() {
        var statements = ClusterDatabase.createStatements("""
                -- a comment; with a semicolon
                drop table if exists qrtz_locks;
                CREATE TABLE QRTZ_LOCKS (LOCK_NAME VARCHAR(40) NOT NULL);
                commit;
                """);

        assertThat(statements).containsExactly("CREATE TABLE QRTZ_LOCKS (LOCK_NAME VARCHAR(40) NOT NULL)");
    }
}
