package io.rambla.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small builders for the pieces every template repeats: property maps, tags, IAM documents, readable logical ids. */
final class Cfn {

    private Cfn() {}

    /** An ordered property map from key/value pairs; entries whose value is null are left out. */
    static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                out.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return out;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    /** A {@code Tags} list holding only a {@code Name} tag. */
    static List<Object> nameTag(Object name) {
        return list(map("Key", "Name", "Value", name));
    }

    /** A trust policy letting one AWS service assume a role. */
    static Map<String, Object> assumedBy(String servicePrincipal) {
        return map("Version", "2012-10-17", "Statement", list(map(
                "Effect", "Allow",
                "Principal", map("Service", servicePrincipal),
                "Action", "sts:AssumeRole")));
    }

    /** A trust policy letting one AWS service assume a role, only on behalf of this account (confused-deputy guard). */
    static Map<String, Object> assumedByFromThisAccount(String servicePrincipal) {
        return map("Version", "2012-10-17", "Statement", list(map(
                "Effect", "Allow",
                "Principal", map("Service", servicePrincipal),
                "Action", "sts:AssumeRole",
                "Condition", map("StringEquals", map("aws:SourceAccount", Fn.ACCOUNT_ID)))));
    }

    static Map<String, Object> allow(List<String> actions, Object resources) {
        return map("Effect", "Allow", "Action", actions, "Resource", resources);
    }

    /** An inline role policy. */
    static Map<String, Object> inlinePolicy(String name, List<Object> statements) {
        return map("PolicyName", name, "PolicyDocument", map("Version", "2012-10-17", "Statement", statements));
    }

    /** {@code arn:${AWS::Partition}:iam::aws:policy/<name>} for an AWS managed policy. */
    static Object managedPolicy(String name) {
        return Fn.sub("arn:${AWS::Partition}:iam::aws:policy/" + name);
    }

    /**
     * The managed policy every role Rambla renders carries as its permissions boundary: whatever
     * is attached to the role, it can do no more than this policy allows. deploy/ creates it
     * (deploy/permissions-boundary.json), and the daemon's own policy lets it create roles and
     * change their policies only with this boundary set.
     */
    static final String PERMISSIONS_BOUNDARY = "rambla-permissions-boundary";

    static Object permissionsBoundary() {
        return Fn.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/" + PERMISSIONS_BOUNDARY);
    }

    /**
     * A readable CloudFormation logical id part from a user's name: {@code web} → {@code Web},
     * {@code internal-api} → {@code InternalApi}, {@code web_2} → {@code Web2}.
     */
    static String logicalName(String raw) {
        StringBuilder out = new StringBuilder();
        for (String part : raw.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        if (out.length() == 0) {
            throw new IllegalArgumentException("name `" + raw + "` has no letters or digits to build a logical id from");
        }
        return out.toString();
    }
}
