package io.rambla.run;

import java.util.List;

/** Reads a task's CloudWatch Logs stream page by page, oldest first ({@link AwsTaskLogs}). */
public interface TaskLogs {

    /**
     * The events after {@code token} (from the start when null). A stream that does not exist yet
     * (the task has not started writing) reads as an empty page with the same token.
     */
    Page read(Stream stream, String token);

    /** One log stream: the awslogs driver writes {@code <prefix>/<container>/<task id>} in the task definition's group. */
    record Stream(String group, String name) {

        /** The stream the awslogs driver writes for {@code taskArn}'s container {@code container}. */
        public static Stream of(String group, String prefix, String container, String taskArn) {
            return new Stream(group, prefix + "/" + container + "/" + taskArn.substring(taskArn.lastIndexOf('/') + 1));
        }
    }

    /** @param next the token to read on from: the same as the one asked with when nothing was new */
    record Page(List<String> messages, String next) {

        public Page {
            messages = List.copyOf(messages);
        }
    }
}
