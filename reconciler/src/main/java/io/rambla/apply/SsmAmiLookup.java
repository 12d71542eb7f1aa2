package io.rambla.apply;

import io.rambla.plan.Amis;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Reads AMI ids from SSM parameters, with one SSM client per region (a district's AMI parameter is
 * read in the district's region), sharing the credentials and any endpoint override of the
 * CloudFormation client it is made from.
 */
public final class SsmAmiLookup implements Amis.Lookup, AutoCloseable {

    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Optional<URI> endpoint;
    private final Map<String, SsmClient> clients = new ConcurrentHashMap<>();

    public SsmAmiLookup(IdentityProvider<? extends AwsCredentialsIdentity> credentials, Optional<URI> endpoint) {
        this.credentials = credentials;
        this.endpoint = endpoint;
    }

    @Override
    public String imageId(String region, String ssmParameter) {
        SsmClient ssm = clients.computeIfAbsent(region, r -> {
            var builder = SsmClient.builder().region(Region.of(r)).credentialsProvider(credentials);
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
        try {
            return ssm.getParameter(b -> b.name(ssmParameter)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new Amis.AmiLookupException("SSM parameter " + ssmParameter + " does not exist in " + region, e);
        } catch (SdkException e) {
            throw new Amis.AmiLookupException("cannot read SSM parameter " + ssmParameter + " in " + region + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(SsmClient::close);
    }
}
