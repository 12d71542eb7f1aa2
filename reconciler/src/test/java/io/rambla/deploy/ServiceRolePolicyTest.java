package io.rambla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md tells an operator which statements of deploy/iam-policy.json to move to a
 * CloudFormation service role: every statement it names exists, and together they hold every
 * right over resources the daemon would otherwise keep.
 */
class ServiceRolePolicyTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();

    @Test
    void theStatementsTheDocsMoveExistAndHoldEveryRightOverResources() throws IOException {
        String docs = Files.readString(ROOT.resolve("docs/security.md"));
        String section = docs.substring(docs.indexOf("### With a CloudFormation service role"));
        section = section.substring(0, section.indexOf("\n## "));
        String list = section.substring(section.indexOf("Give that role these statements"), section.indexOf("Take them out"));
        List<String> moved = new ArrayList<>();
        Matcher sid = Pattern.compile("`([A-Za-z]+)`").matcher(list);
        while (sid.find()) {
            if (!sid.group(1).equals("deploy")) {
                moved.add(sid.group(1));
            }
        }
        assertThat(moved).hasSize(6);

        JsonNode policy = new ObjectMapper().readTree(ROOT.resolve("deploy/iam-policy.json").toFile());
        List<String> sids = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            sids.add(statement.path("Sid").asText());
            boolean throughCloudFormationOnly = statement.toString().contains("\"aws:CalledVia\"");
            if (throughCloudFormationOnly || actions(statement).stream().anyMatch(a -> a.startsWith("iam:"))) {
                assertThat(moved).as("statement %s grants rights CloudFormation uses on resources", statement.path("Sid").asText())
                        .contains(statement.path("Sid").asText());
            }
        }
        assertThat(sids).containsAll(moved);
    }

    private static List<String> actions(JsonNode statement) {
        List<String> actions = new ArrayList<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }
}
