package io.rambla.render;

import io.rambla.schema.EnvironmentVariable;

/**
 * Where a secret environment variable's value lives, and the one IAM action and resource that
 * reading it needs. {@code ssm_path: app/token} is Barcelona's SSM parameter
 * {@code /barcelona/<district>/app/token}; {@code value_from} is either an ARN (SSM parameter or
 * Secrets Manager secret, optionally with a JSON key suffix) or an SSM parameter name.
 *
 * @param valueFrom what the container definition's {@code ValueFrom} holds
 * @param action    the IAM action the execution role needs
 * @param resource  the IAM resource the action is allowed on
 */
record SecretReference(Object valueFrom, String action, Object resource) {

    static final String SSM_ACTION = "ssm:GetParameters";
    static final String SECRETS_MANAGER_ACTION = "secretsmanager:GetSecretValue";

    static SecretReference of(EnvironmentVariable variable, String district) {
        if (variable.ssmPath() != null) {
            // Barcelona put /barcelona/<district>/ in front only when the path did not start with it already.
            String path = trimSlashes(variable.ssmPath());
            String prefix = "barcelona/" + district + "/";
            Object arn = ssmParameterArn(path.startsWith(prefix) ? path : prefix + path);
            return new SecretReference(arn, SSM_ACTION, arn);
        }
        String from = variable.valueFrom();
        if (from == null) {
            throw new IllegalArgumentException("environment variable " + variable.name() + " is not a secret");
        }
        if (!from.startsWith("arn:")) {
            Object arn = ssmParameterArn(trimSlashes(from));
            return new SecretReference(arn, SSM_ACTION, arn);
        }
        String[] parts = from.split(":", -1);
        if (parts.length >= 6 && parts[2].equals("ssm")) {
            return new SecretReference(from, SSM_ACTION, from);
        }
        if (parts.length >= 7 && parts[2].equals("secretsmanager") && parts[5].equals("secret")) {
            // arn:aws:secretsmanager:region:account:secret:name-AbCdEf[:json-key:version-stage:version-id]
            String secretArn = String.join(":", java.util.Arrays.copyOf(parts, 7));
            return new SecretReference(from, SECRETS_MANAGER_ACTION, secretArn);
        }
        throw new IllegalArgumentException("environment variable " + variable.name()
                + ": value_from `" + from + "` is neither an SSM parameter nor a Secrets Manager secret ARN");
    }

    private static Object ssmParameterArn(String name) {
        return Fn.sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/" + name);
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+", "").replaceAll("/+$", "");
    }
}
