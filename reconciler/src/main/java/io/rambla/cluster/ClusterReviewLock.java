package io.rambla.cluster;

import io.micronaut.context.annotation.Requires;
import io.rambla.review.ReviewLock;
import jakarta.inject.Singleton;
import java.sql.SQLException;

/** Pull-request reviews one at a time across the cluster, on a PostgreSQL advisory lock. */
@Singleton
@Requires(beans = ClusterDatabase.class)
public class ClusterReviewLock implements ReviewLock {

    /** "rvw" + "lock" in ASCII: apart from the key that guards table creation. */
    static final long KEY = 0x7276776c6f636bL;

    private final ClusterDatabase database;

    public ClusterReviewLock(ClusterDatabase database) {
        this.database = database;
    }

    @Override
    public void runExclusively(Runnable review) {
        try {
            database.runExclusively(KEY, review);
        } catch (SQLException e) {
            throw new IllegalStateException("the cluster's review lock cannot be taken: " + e.getMessage(), e);
        }
    }
}
