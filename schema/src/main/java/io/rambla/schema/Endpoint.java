package io.rambla.schema;

/**
 * A load balancer in a district, as Barcelona's endpoint: public or internal, HTTPS when a
 * certificate is given. {@code deletionProtection} (a Rambla extension, on by default) makes AWS
 * refuse to delete the load balancer until it is turned off.
 */
public record Endpoint(String name, boolean isPublic, String certificateArn, SslPolicy sslPolicy, boolean deletionProtection) {

    /** An endpoint with deletion protection on, the default. */
    public Endpoint(String name, boolean isPublic, String certificateArn, SslPolicy sslPolicy) {
        this(name, isPublic, certificateArn, sslPolicy, Defaults.ENDPOINT_DELETION_PROTECTION);
    }

    public enum SslPolicy { OLD, INTERMEDIATE, MODERN }
}
