package io.rambla.apply;

import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A CloudFormation call that did not succeed, converted at the adapter from the SDK's exception.
 * {@link Transient} ones (throttling, server errors, timeouts, a stack busy with another
 * operation) are worth retrying with backoff; {@link Terminal} ones (validation, access denied,
 * limits, anything else the service refused) are not until the desired state changes or an
 * operator asks. Each names the operation, the stack it was about and AWS's own words: the stack
 * is the unit's identity on AWS (one unit, one stack).
 */
public abstract sealed class AwsException extends RuntimeException permits AwsException.Transient, AwsException.Terminal {

    /** AWS error codes that mean "slow down": the same call later may well succeed. */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "TooManyRequestsException",
            "SlowDown", "PriorRequestNotComplete", "ProvisionedThroughputExceededException", "TransactionInProgressException");
    /** Service-side trouble on AWS's part. */
    private static final Set<String> SERVICE_TROUBLE = Set.of("InternalFailure", "InternalError", "ServiceUnavailable",
            "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException", "EC2ThrottledException");

    private final String operation;
    private final String stackName;
    private final String errorCode;

    AwsException(String operation, String stackName, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.stackName = stackName;
        this.errorCode = errorCode;
    }

    /** The CloudFormation API call, e.g. {@code CreateChangeSet}. */
    public String operation() {
        return operation;
    }

    /**
     * The stack the call was about (a change set's id for calls that name only the change set);
     * {@code null} for account-wide calls such as listing every stack.
     */
    public String stackName() {
        return stackName;
    }

    /** AWS's error code ({@code AccessDenied}, {@code Throttling}, …), or {@code null} when no answer came. */
    public String errorCode() {
        return errorCode;
    }

    public abstract boolean retryable();

    /** Converts what the SDK threw into a transient or terminal error, with AWS's message. */
    public static AwsException classify(String operation, String stackName, SdkException e) {
        String about = operation + (stackName == null ? "" : " on " + stackName);
        if (e instanceof AwsServiceException service) {
            var details = service.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            String message = details == null || details.errorMessage() == null ? service.getMessage() : details.errorMessage();
            String text = about + " failed: " + (code == null ? "" : code + ": ") + message;
            int status = service.statusCode();
            if (service.isThrottlingException() || (code != null && THROTTLING.contains(code)) || status == 429
                    || status >= 500 || (code != null && SERVICE_TROUBLE.contains(code)) || busy(message)) {
                return new Transient(operation, stackName, code, text, e);
            }
            return new Terminal(operation, stackName, code, text, e);
        }
        // No answer from AWS: connection refused or reset, DNS, a call or attempt timeout.
        String text = about + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (e instanceof SdkClientException || e.retryable()) {
            return new Transient(operation, stackName, null, text, e);
        }
        return new Terminal(operation, stackName, null, text, e);
    }

    /** Another operation runs on the stack ("… is in UPDATE_IN_PROGRESS state and can not be updated"): it ends by itself. */
    private static boolean busy(String message) {
        return message != null && message.toUpperCase(Locale.ROOT).contains("_IN_PROGRESS STATE");
    }

    public static final class Transient extends AwsException {
        public Transient(String operation, String stackName, String errorCode, String message, Throwable cause) {
            super(operation, stackName, errorCode, message, cause);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    public static final class Terminal extends AwsException {
        public Terminal(String operation, String stackName, String errorCode, String message, Throwable cause) {
            super(operation, stackName, errorCode, message, cause);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }
}
