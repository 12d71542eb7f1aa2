package io.rambla.schema;

import io.rambla.schema.Declarations.Place;
import io.rambla.schema.Declarations.SecretScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which secrets an app may read. The daemon applies every app's template with its own rights, so
 * an app's {@code value_from} or {@code ssm_path} could otherwise name any parameter or secret of
 * the account, another team's included. An app may read only under what its district grants
 * (SSM parameter names and Secrets Manager secret names alike, the latter without the leading
 * slash): by default Barcelona's layout {@code /barcelona/<district>/}, and names under the app's
 * own {@code /<app>/}; with {@code secret_scope: app} in the district file, Barcelona's layout
 * narrows to {@code /barcelona/<district>/<app>/}. An app named {@code barcelona} gets no
 * {@code /<app>/} grant, which would be every district's. Names are also limited to plain characters, so nothing
 * in them is read by {@code Fn::Sub} ({@code ${…}}) or by IAM as a wildcard ({@code *}), and
 * {@code ..} or empty segments cannot climb out of a prefix.
 */
final class SecretGrants {

    /** SSM parameter names as Rambla accepts them: no wildcard, no {@code ${}, no spaces. */
    static final Pattern SSM_NAME = Pattern.compile("[A-Za-z0-9_./-]+");
    /** Secrets Manager names: the characters AWS allows, none of which Fn::Sub or IAM reads specially. */
    static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");
    private static final Pattern SSM_ARN = Pattern.compile("arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter(/.*)");
    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:([^:]+)(:[^:]*:[^:]*:[^:]*)?");

    private SecretGrants() {}

    /** The SSM name prefixes {@code app} may read in {@code district}, each with its leading and trailing slash. */
    static List<String> prefixes(String district, String app, SecretScope scope) {
        String barcelona = "/barcelona/" + district + "/" + (scope == SecretScope.APP ? app + "/" : "");
        return app.equalsIgnoreCase("barcelona") ? List.of(barcelona) : List.of(barcelona, "/" + app + "/");
    }

    private static boolean granted(String name, List<String> prefixes) {
        String withSlash = name.startsWith("/") ? name : "/" + name;
        return prefixes.stream().anyMatch(withSlash::startsWith);
    }

    static List<Diagnostic> check(InfraRepository repository, Declarations declarations) {
        List<Diagnostic> out = new ArrayList<>();
        for (Application application : repository.applications()) {
            for (AppEnvironment environment : application.environments()) {
                SecretScope scope = declarations.secretScope(environment.district());
                for (EnvironmentVariable variable : environment.environmentVariables()) {
                    Place place = declarations.placeOf(variable, application.file());
                    problem(variable, environment.district(), application.name(), scope)
                            .ifPresent(message -> out.add(place.error("environment variable `" + variable.name() + "`: " + message)));
                }
            }
            // A review app reads secrets as the app does, in its review group's district.
            Review review = application.review();
            if (review != null) {
                SecretScope scope = declarations.secretScope(review.district());
                for (EnvironmentVariable variable : review.environmentVariables()) {
                    Place place = declarations.placeOf(variable, application.file());
                    problem(variable, review.district(), application.name(), scope)
                            .ifPresent(message -> out.add(place.error("review environment variable `" + variable.name() + "`: " + message)));
                }
            }
        }
        return out;
    }

    /** What is wrong with {@code variable}'s secret reference, if anything. */
    static Optional<String> problem(EnvironmentVariable variable, String district, String app, SecretScope scope) {
        List<String> prefixes = prefixes(district, app, scope);
        String grant = " outside what district `" + district + "` grants app `" + app + "`: names under "
                + String.join(" or ", prefixes) + " (Secrets Manager names without the leading /)";
        if (variable.ssmPath() != null) {
            String path = variable.ssmPath();
            Optional<String> shape = ssmShape(path, "`ssm_path`");
            if (shape.isPresent()) {
                return shape;
            }
            String name = ssmParameterName(path, district);
            return granted(name, prefixes) ? Optional.empty()
                    : Optional.of("`ssm_path` names SSM parameter " + name + "," + grant);
        }
        String from = variable.valueFrom();
        if (from == null) {
            return Optional.empty();
        }
        if (!from.startsWith("arn:")) {
            Optional<String> shape = ssmShape(from, "`value_from`");
            if (shape.isPresent()) {
                return shape;
            }
            String name = from.startsWith("/") ? from : "/" + from;
            return granted(name, prefixes) ? Optional.empty()
                    : Optional.of("`value_from` names SSM parameter " + name + "," + grant);
        }
        var ssm = SSM_ARN.matcher(from);
        if (ssm.matches()) {
            String name = ssm.group(1);
            Optional<String> shape = ssmShape(name, "the parameter name in `value_from`");
            if (shape.isPresent()) {
                return shape;
            }
            return granted(name, prefixes) ? Optional.empty()
                    : Optional.of("`value_from` names SSM parameter " + name + "," + grant);
        }
        var secret = SECRET_ARN.matcher(from);
        if (secret.matches()) {
            String name = secret.group(1);
            if (!SECRET_NAME.matcher(name).matches() || name.contains("..") || name.contains("//")) {
                return Optional.of("the secret name in `value_from` may hold only letters, digits and / _ + = . @ -, "
                        + "without `..` or empty segments");
            }
            return granted(name, prefixes) ? Optional.empty()
                    : Optional.of("`value_from` names Secrets Manager secret " + name + "," + grant);
        }
        return Optional.of("`value_from` must be an SSM parameter name, the ARN of an SSM parameter "
                + "(arn:aws:ssm:REGION:ACCOUNT:parameter/NAME) or of a Secrets Manager secret "
                + "(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)");
    }

    /**
     * The SSM parameter an {@code ssm_path} names: Barcelona's {@code /barcelona/<district>/} is put
     * in front unless the path already starts with it.
     */
    static String ssmParameterName(String path, String district) {
        String trimmed = path.replaceAll("^/+", "");
        String own = "barcelona/" + district + "/";
        return "/" + (trimmed.startsWith(own) ? trimmed : own + trimmed);
    }

    private static Optional<String> ssmShape(String name, String what) {
        if (!SSM_NAME.matcher(name).matches()) {
            return Optional.of(what + " may hold only letters, digits and _ . / - (no `*`, `$`, `{`, spaces)");
        }
        String inner = name.startsWith("/") ? name.substring(1) : name;
        if (inner.isEmpty() || inner.endsWith("/") || inner.contains("//")) {
            return Optional.of(what + " has an empty segment (a leading, doubled or trailing `/`)");
        }
        if (name.contains("..")) {
            return Optional.of(what + " may not contain `..`");
        }
        return Optional.empty();
    }
}
