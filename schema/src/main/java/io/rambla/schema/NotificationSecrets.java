package io.rambla.schema;

import io.rambla.schema.Declarations.SecretScope;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the secrets naming notification targets may live. The daemon reads them with its own
 * rights, so a district file or a {@code barcelona.yml} could otherwise have it read any parameter
 * or secret of the account and post it to a webhook of the author's choosing. A reference is an SSM
 * parameter path, an SSM parameter ARN or a Secrets Manager secret ARN; it is at most
 * {@value #MAX_LENGTH} characters (a Secrets Manager ARN's limit), holds only plain characters (no
 * control characters, spaces, {@code *}, {@code $}, {@code {}), has no {@code ..} or empty segment,
 * and names something under the district's Barcelona prefix: {@code /barcelona/<district>/} for
 * the district's {@code notifications}, and for an environment's {@code slack_url} the prefix the
 * district grants the app ({@code /barcelona/<district>/<app>/} with {@code secret_scope: app}).
 * Secrets Manager names are compared without the leading slash. The daemon's IAM policy
 * (deploy/iam-policy.json) grants reading exactly these names.
 */
final class NotificationSecrets {

    static final int MAX_LENGTH = 2048;
    private static final Pattern SSM_ARN = Pattern.compile("arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter(/.*)");
    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:([^:]+)(:[^:]*:[^:]*:[^:]*)?");

    private NotificationSecrets() {}

    /** The prefix a notification secret of {@code district} must be under; {@code app} null for the district's own block. */
    static String prefix(String district, String app, SecretScope scope) {
        return "/barcelona/" + district + "/" + (app != null && scope == SecretScope.APP ? app + "/" : "");
    }

    /** What is wrong with {@code reference} given in {@code key}, if anything; never quotes more than a short, checked name. */
    static Optional<String> problem(String reference, String key, String district, String app, SecretScope scope) {
        if (reference.length() > MAX_LENGTH) {
            return Optional.of("`" + key + "` is " + reference.length() + " characters long; a secret reference is at most " + MAX_LENGTH);
        }
        String name;
        String kind;
        Matcher ssm = SSM_ARN.matcher(reference);
        Matcher secret = SECRET_ARN.matcher(reference);
        if (reference.startsWith("/")) {
            name = reference;
            kind = "SSM parameter";
        } else if (ssm.matches()) {
            name = ssm.group(1);
            kind = "SSM parameter";
        } else if (secret.matches()) {
            name = "/" + secret.group(1);
            kind = "Secrets Manager secret";
        } else {
            return Optional.of("`" + key + "` must be an SSM parameter path, the ARN of an SSM parameter"
                    + " (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME) or of a Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)");
        }
        Pattern allowed = kind.startsWith("SSM") ? SecretGrants.SSM_NAME : SecretGrants.SECRET_NAME;
        if (!allowed.matcher(name).matches()) {
            return Optional.of("the name in `" + key + "` may hold only letters, digits and " + (kind.startsWith("SSM") ? "_ . / -" : "/ _ + = . @ -")
                    + " (no control characters, spaces, `*`, `$` or `{`)");
        }
        if (name.contains("..") || name.contains("//") || name.endsWith("/")) {
            return Optional.of("the name in `" + key + "` has `..` or an empty segment (a doubled or trailing `/`)");
        }
        String prefix = prefix(district, app, scope);
        if (name.startsWith(prefix)) {
            return Optional.empty();
        }
        String shown = kind.startsWith("SSM") ? name : name.substring(1);
        return Optional.of("`" + key + "` names " + kind + " " + YamlMap.abbreviate(shown) + ", outside what district `" + district
                + "` grants " + (app == null ? "its notifications" : "app `" + app + "`'s notifications") + ": names under " + prefix
                + " (Secrets Manager names without the leading /), which the daemon's IAM policy lets it read");
    }
}
