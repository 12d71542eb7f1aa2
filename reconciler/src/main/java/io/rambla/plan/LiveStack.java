package io.rambla.plan;

import java.util.Map;

/** What CloudFormation says about a stack right now. */
public record LiveStack(String name, String stackId, String status, String statusReason, Map<String, String> tags, Map<String, String> outputs) {

    public LiveStack {
        tags = Map.copyOf(tags);
        outputs = Map.copyOf(outputs);
    }

    public boolean inProgress() {
        return status.endsWith("_IN_PROGRESS");
    }

    /** A creation that failed and rolled back: the stack holds nothing and can only be deleted. */
    public boolean failedCreation() {
        return status.equals("ROLLBACK_COMPLETE") || status.equals("ROLLBACK_FAILED") || status.equals("CREATE_FAILED");
    }

    public boolean deleted() {
        return status.equals("DELETE_COMPLETE");
    }

    public String tag(String key) {
        return tags.get(key);
    }
}
