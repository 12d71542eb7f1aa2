package io.rambla.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * Where the AWS APIs are ({@code rambla.aws.*}). With {@code endpoint} set (an emulator such as
 * LocalStack) and no keys given, the static test credentials {@code test}/{@code test} are used,
 * so nothing ever reaches for the EC2 metadata service.
 */
@ConfigurationProperties("rambla.aws")
public record AwsConfig(
        @Bindable(defaultValue = "us-east-1") @NotBlank String region,
        @Nullable String endpoint,
        @Nullable String accessKeyId,
        @Nullable String secretAccessKey) {

    /** The same credentials and endpoint, in another region: where a district's stacks live. */
    public AwsConfig inRegion(String other) {
        return new AwsConfig(other, endpoint, accessKeyId, secretAccessKey);
    }
}
