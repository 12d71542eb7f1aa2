package io.rambla.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The size limits a rendered template must keep to reach AWS: CloudFormation's TemplateBody and
 * ECS's task definition. {@code rambla validate} reports them at file:line; the sync refuses such a
 * unit before any AWS call, with the same words, instead of AWS's bare ValidationError.
 */
public final class RenderLimits {

    /** CloudFormation's limit on a TemplateBody, in bytes. */
    public static final int MAX_TEMPLATE_BODY = 51_200;
    /** ECS's limit on a task definition, in bytes. */
    public static final int MAX_TASK_DEFINITION = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RenderLimits() {}

    /** What keeps {@code templateBody} of unit {@code unitId} from AWS; empty when it fits. */
    public static List<String> problems(String unitId, String templateBody) {
        List<String> problems = new ArrayList<>();
        JsonNode tree;
        try {
            tree = JSON.readTree(templateBody);
        } catch (Exception e) {
            problems.add("the template of unit " + unitId + " is not valid JSON");
            return problems;
        }
        // The body is measured as it is sent (StackSpec#templateBody), which is what CloudFormation limits.
        int sent = templateBody.getBytes(StandardCharsets.UTF_8).length;
        if (sent > MAX_TEMPLATE_BODY) {
            problems.add("the template of unit " + unitId + " is " + sent + " bytes as sent (" + minifiedSize(tree)
                    + " minified), more than CloudFormation's " + MAX_TEMPLATE_BODY + "-byte TemplateBody limit; "
                    + "split the environment or shorten its variables and commands");
        }
        JsonNode resources = tree.path("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if ("AWS::ECS::TaskDefinition".equals(resource.getValue().path("Type").asText())) {
                int taskSize = minifiedSize(resource.getValue().path("Properties"));
                if (taskSize > MAX_TASK_DEFINITION) {
                    problems.add("task definition " + resource.getKey() + " of unit " + unitId + " is " + taskSize
                            + " bytes, more than ECS's " + MAX_TASK_DEFINITION + "-byte limit; shorten its variables and command");
                }
            }
        }
        return problems;
    }

    private static int minifiedSize(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
        } catch (Exception e) {
            return Integer.MAX_VALUE;
        }
    }
}
