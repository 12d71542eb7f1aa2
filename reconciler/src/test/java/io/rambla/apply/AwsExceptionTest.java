package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/** SDK exceptions become transient or terminal errors that name the call, the stack and AWS's words. */
class AwsExceptionTest {

    private static CloudFormationException answer(int status, String code, String message) {
        return (CloudFormationException) CloudFormationException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void throttling_is_transient_and_says_which_call_on_which_stack() {
        var error = AwsException.classify("CreateChangeSet", "rambla-app-shop-production", answer(400, "Throttling", "Rate exceeded"));

        assertThat(error).isInstanceOf(AwsException.Transient.class);
        assertThat(error.retryable()).isTrue();
        assertThat(error.getMessage()).isEqualTo("CreateChangeSet on rambla-app-shop-production failed: Throttling: Rate exceeded");
        assertThat(error.stackName()).isEqualTo("rambla-app-shop-production");
        assertThat(error.errorCode()).isEqualTo("Throttling");
    }

    @Test
    void server_errors_timeouts_and_lost_connections_are_transient() {
        assertThat(AwsException.classify("DescribeStacks", null, answer(500, "InternalFailure", "oops"))).isInstanceOf(AwsException.Transient.class);
        assertThat(AwsException.classify("DescribeStacks", null, answer(503, "ServiceUnavailable", "later"))).isInstanceOf(AwsException.Transient.class);
        assertThat(AwsException.classify("DescribeStacks", null, answer(400, "RequestLimitExceeded", "slow down"))).isInstanceOf(AwsException.Transient.class);
        assertThat(AwsException.classify("DescribeStacks", null, SdkClientException.create("Unable to execute HTTP request: Connection reset")))
                .isInstanceOf(AwsException.Transient.class)
                .hasMessage("DescribeStacks failed: Unable to execute HTTP request: Connection reset");
        assertThat(AwsException.classify("DescribeStacks", null, ApiCallTimeoutException.create(60_000))).isInstanceOf(AwsException.Transient.class);
    }

    @Test
    void a_stack_busy_with_another_operation_is_transient() {
        var error = AwsException.classify("ExecuteChangeSet", "s", answer(400, "ValidationError",
                "Stack:arn:aws:cloudformation:us-east-1:1:stack/s/1 is in UPDATE_IN_PROGRESS state and can not be updated."));

        assertThat(error).isInstanceOf(AwsException.Transient.class);
    }

    @Test
    void refusals_are_terminal() {
        assertThat(AwsException.classify("CreateChangeSet", "s", answer(403, "AccessDenied", "User: x is not authorized")))
                .isInstanceOf(AwsException.Terminal.class)
                .hasMessage("CreateChangeSet on s failed: AccessDenied: User: x is not authorized");
        assertThat(AwsException.classify("CreateChangeSet", "s", answer(400, "ValidationError", "Template format error")))
                .isInstanceOf(AwsException.Terminal.class);
        assertThat(AwsException.classify("CreateChangeSet", "s", answer(400, "LimitExceededException", "Limit on stacks")))
                .isInstanceOf(AwsException.Terminal.class);
        assertThat(AwsException.classify("CreateChangeSet", "s", answer(400, "InsufficientCapabilitiesException", "Requires CAPABILITY_IAM")).retryable())
                .isFalse();
    }
}
