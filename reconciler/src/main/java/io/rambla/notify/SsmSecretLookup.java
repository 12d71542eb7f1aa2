package io.rambla.notify;

import io.rambla.secret.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Reads notification secrets through SSM Parameter Store, decrypted: a parameter path
 * ({@code /acme/slack-url}) or ARN in its own region, and a Secrets Manager ARN through SSM's
 * {@code /aws/reference/secretsmanager/<name>} path, in the secret's region (the name is the ARN's
 * last part without the six characters Secrets Manager appends; the whole part if that is not found). Values are kept for
 * {@code ttl}, so a rotated URL is picked up without a restart. Errors name the reference only.
 */
public final class SsmSecretLookup implements SecretLookup {

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:(ssm|secretsmanager):([a-z0-9-]+):[0-9]{12}:(parameter|secret):(.+)");

    private static final String SECRETS_MANAGER = "/aws/reference/secretsmanager/";
    private static final Pattern RANDOM_SUFFIX = Pattern.compile("(.+)-[A-Za-z0-9]{6}");

    private record Cached(Secret value, Instant until) {}

    /** Where a reference is read: the region, and the SSM parameter names tried in order. Pure. */
    public record Location(String region, List<String> parameters) {

        public static Location of(String reference, String defaultRegion) {
            Matcher arn = ARN.matcher(reference);
            if (!arn.matches()) {
                return new Location(defaultRegion, List.of(reference));
            }
            if (arn.group(1).equals("ssm")) {
                return new Location(arn.group(2), List.of(reference));
            }
            // SSM references a secret by its name: a full ARN ends with "-" and six characters Secrets Manager added.
            String id = arn.group(4);
            Matcher suffixed = RANDOM_SUFFIX.matcher(id);
            return new Location(arn.group(2), suffixed.matches()
                    ? List.of(SECRETS_MANAGER + suffixed.group(1), SECRETS_MANAGER + id)
                    : List.of(SECRETS_MANAGER + id));
        }
    }

    private final Function<String, SsmClient> clientInRegion;
    private final String defaultRegion;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public SsmSecretLookup(Function<String, SsmClient> clientInRegion, String defaultRegion, Duration ttl, Clock clock) {
        this.clientInRegion = clientInRegion;
        this.defaultRegion = defaultRegion;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Secret read(String reference) {
        Instant now = clock.instant();
        Cached cached = cache.get(reference);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.value();
        }
        Location location = Location.of(reference, defaultRegion);
        String region = location.region();
        List<String> names = location.parameters();
        String value = null;
        SsmClient ssm = clientInRegion.apply(region);
        for (int i = 0; i < names.size() && value == null; i++) {
            String parameter = names.get(i);
            try {
                value = ssm.getParameter(b -> b.name(parameter).withDecryption(true)).parameter().value();
            } catch (ParameterNotFoundException e) {
                if (i == names.size() - 1) {
                    throw new IllegalStateException("secret " + reference + " does not exist in " + region);
                }
            } catch (SdkException e) {
                throw new IllegalStateException("cannot read secret " + reference + " in " + region + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("secret " + reference + " is empty");
        }
        Secret secret = Secret.of(value.strip());
        cache.put(reference, new Cached(secret, now.plus(ttl)));
        return secret;
    }
}
