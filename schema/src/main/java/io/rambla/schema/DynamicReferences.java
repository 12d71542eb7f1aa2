package io.rambla.schema;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * CloudFormation resolves {@code {{resolve:ssm:…}}}, {@code {{resolve:secretsmanager:…}}} and
 * {@code {{resolve:ssm-secure:…}}} anywhere in a template, with the rights of whoever applies it:
 * the daemon. A plain value, a command, a path or a tag holding one would let a YAML author read
 * any parameter or secret the daemon can read. So no scalar of any file may hold one; secrets are
 * declared with {@code value_from} or {@code ssm_path}, which Rambla checks against the
 * district's grants ({@link SecretGrants}).
 */
final class DynamicReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*resolve\\s*:", Pattern.CASE_INSENSITIVE);

    private DynamicReferences() {}

    static boolean contains(String text) {
        return text.indexOf('{') >= 0 && REFERENCE.matcher(text).find();
    }

    static void check(ScalarNode scalar, String path, Problems problems) {
        if (contains(scalar.getValue())) {
            problems.error(scalar, path, "`{{resolve:` is a CloudFormation dynamic reference, which would be resolved with the "
                    + "daemon's rights; it is not allowed in any value (declare secrets with `value_from` or `ssm_path`)");
        }
    }
}
