package io.rambla.schema;

/** A load balancer in a district, as Barcelona's endpoint: public or internal, HTTPS when a certificate is given. */
public record Endpoint(String name, boolean isPublic, String certificateArn, SslPolicy sslPolicy) {

    public enum SslPolicy { OLD, INTERMEDIATE, MODERN }
}
