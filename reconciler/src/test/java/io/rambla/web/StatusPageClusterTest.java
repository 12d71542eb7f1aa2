package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.cluster.ClusterView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusPageClusterTest {

    private static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");

    @Test
    void theOverviewOfAClusteredDaemonNamesEveryDaemonAndWhichOneAnswered() {
        var view = new ClusterView("prod<b>", "host-a1", List.of(
                new ClusterView.Daemon("host-a1", NOW, true), new ClusterView.Daemon("host-b2", NOW.minusSeconds(90), false)));

        String html = StatusPage.overview(List.of(), Optional.of(view), NOW);

        assertThat(html).contains("Cluster <code>prod&lt;b&gt;</code>: 1 of 2 daemons alive",
                "<code>host-a1</code> (this one) alive", "<code>host-b2</code> silent");
    }

    @Test
    void aDaemonRunningAloneSaysNothingAboutAClusterOrWhenItsDatabaseCannotBeRead() {
        assertThat(StatusPage.overview(List.of(), Optional.empty(), NOW)).doesNotContain("Cluster");
    }
}
