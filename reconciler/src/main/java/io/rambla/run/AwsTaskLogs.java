package io.rambla.run;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** {@link TaskLogs} on CloudWatch Logs: GetLogEvents forward from the head of the stream. */
public final class AwsTaskLogs implements TaskLogs {

    private final CloudWatchLogsClient logs;

    public AwsTaskLogs(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    @Override
    public Page read(Stream stream, String token) {
        GetLogEventsResponse response;
        try {
            response = logs.getLogEvents(r -> r.logGroupName(stream.group()).logStreamName(stream.name())
                    .startFromHead(true).nextToken(token));
        } catch (ResourceNotFoundException e) {
            // The awslogs driver creates the stream when the container starts.
            return new Page(java.util.List.of(), token);
        } catch (SdkException e) {
            throw new RunException("CloudWatch Logs GetLogEvents on " + stream.group() + " " + stream.name() + " failed: "
                    + e.getMessage(), e);
        }
        return new Page(response.events().stream().map(OutputLogEvent::message).toList(), response.nextForwardToken());
    }
}
