package io.rambla.web;

import io.rambla.status.github.PullRequestPlanner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what webhooks asked for instead of syncing or planning. */
final class RecordingSyncTrigger implements SyncTrigger, PullRequestPlanner {

    final List<String> syncs = new CopyOnWriteArrayList<>();
    final List<String> plans = new CopyOnWriteArrayList<>();

    @Override
    public void requestSync(String reason) {
        syncs.add(reason);
    }

    @Override
    public void planPullRequest(int number, String headSha) {
        plans.add("plan #" + number + " " + headSha);
    }

    @Override
    public void pullRequestClosed(int number) {
        plans.add("closed #" + number);
    }

    @Override
    public void pullRequestLabelsChanged(int number) {
        plans.add("labels #" + number);
    }

    void clear() {
        syncs.clear();
        plans.clear();
    }
}
