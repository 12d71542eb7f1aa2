package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code rambla.aws.cloudformation-role-arn}: empty for none, else an IAM role ARN, said plainly when not. */
class ServiceRoleSettingTest {

    @Test
    void noneAndARoleArnAreAccepted() {
        assertThat(ReconcilerFactory.serviceRole("")).isEmpty();
        assertThat(ReconcilerFactory.serviceRole("arn:aws:iam::123456789012:role/rambla-cloudformation")).isEmpty();
        assertThat(ReconcilerFactory.serviceRole("arn:aws-cn:iam::123456789012:role/platform/rambla-cloudformation")).isEmpty();
    }

    @Test
    void anythingElseIsRefusedWithWhatWasGiven() {
        assertThat(ReconcilerFactory.serviceRole("rambla-cloudformation")).hasValueSatisfying(problem -> assertThat(problem)
                .contains("must be an IAM role ARN", "`rambla-cloudformation`"));
        assertThat(ReconcilerFactory.serviceRole("arn:aws:iam::123456789012:user/ci")).isPresent();
        assertThat(ReconcilerFactory.serviceRole("arn:aws:iam::123456789012:role/*")).isPresent();
    }
}
