package io.rambla.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.rambla.config.AwsConfig;
import io.rambla.run.AppStack;
import io.rambla.run.RunException;
import io.rambla.run.RunSpec;
import io.rambla.run.RunTarget;
import io.rambla.run.UnitRuns;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/units/<app unit id>/run} with {@code {"command": ["rake", "db:migrate"], "cpu": 512,
 * "memory": 1024}}: starts a one-off task of the app environment, as {@code rambla run --detach}
 * does, and answers 202 with the task's ARN. Behind the operator token as pause and retry are;
 * the body is read only once the token is checked, and every run is written to the audit log
 * ({@code io.rambla.audit}).
 */
@Controller("/api/units")
public class RunController {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.rambla.audit");
    /** Room for a command of {@link RunSpec#MAX_COMMAND_CHARS} characters, JSON-escaped, and the sizes. */
    static final int MAX_BODY_CHARS = 4 * RunSpec.MAX_COMMAND_CHARS;

    /** The body, read strictly: no coercion of nested arrays, numbers or booleans into words. */
    public record RunRequest(List<String> command, @Nullable Integer cpu, @Nullable Integer memory) {

        private static final ObjectMapper JSON = new ObjectMapper();

        /** The request, or null for a JSON {@code null}; an {@link IllegalArgumentException} for anything else. */
        static RunRequest parse(String body) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not JSON");
            }
            if (root == null || root.isNull()) {
                return null;
            }
            if (!root.isObject() || !root.path("command").isArray()) {
                throw new IllegalArgumentException("not an object with a command array");
            }
            List<String> command = new ArrayList<>();
            for (JsonNode word : root.path("command")) {
                if (!word.isTextual() && !word.isNull()) {
                    throw new IllegalArgumentException("a word of the command is not a string");
                }
                command.add(word.isNull() ? null : word.asText());
            }
            return new RunRequest(command, size(root, "cpu"), size(root, "memory"));
        }

        private static Integer size(JsonNode root, String field) {
            JsonNode value = root.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new IllegalArgumentException(field + " is not a whole number");
            }
            return value.intValue();
        }
    }

    @Serdeable
    public record Started(String result, String unit, String taskArn) {}

    private final ApiTokens tokens;
    private final UnitStatusStore statuses;
    private final UnitRuns runs;
    private final AwsConfig aws;

    public RunController(ApiTokens tokens, UnitStatusStore statuses, UnitRuns runs, AwsConfig aws) {
        this.tokens = tokens;
        this.statuses = statuses;
        this.runs = runs;
        this.aws = aws;
    }

    @Post(value = "/{+id}/run", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> run(@PathVariable String id, @Nullable @Header("Authorization") String authorization,
            @Nullable @Body String body) {
        Optional<HttpResponse<PauseController.Result>> refused = PauseController.refuse(tokens, authorization, "POST /api/units/<id>/run");
        if (refused.isPresent()) {
            return refused.get();
        }
        if (body != null && body.length() > MAX_BODY_CHARS) {
            return PauseController.answer(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the request has " + body.length()
                    + " characters; at most " + MAX_BODY_CHARS);
        }
        RunRequest request;
        try {
            request = body == null || body.isBlank() ? null : RunRequest.parse(body);
        } catch (IllegalArgumentException e) {
            return PauseController.answer(HttpStatus.BAD_REQUEST, "the body is not a run request: {\"command\": [...], \"cpu\": N, \"memory\": N}");
        }
        if (request == null) {
            return PauseController.answer(HttpStatus.BAD_REQUEST, "the body names no command: {\"command\": [\"rake\", \"db:migrate\"]}");
        }
        RunSpec spec;
        try {
            spec = new RunSpec(request.command(), request.cpu(), request.memory(), null, true);
        } catch (IllegalArgumentException e) {
            return PauseController.answer(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        Optional<UnitStatus> unit = statuses.get(id);
        if (unit.isEmpty()) {
            return PauseController.answer(HttpStatus.NOT_FOUND, "no unit " + PauseController.clean(id));
        }
        if (!id.startsWith("app/")) {
            return PauseController.answer(HttpStatus.BAD_REQUEST, "only app environments run one-off tasks, not " + PauseController.clean(id));
        }
        String region = unit.get().region() != null ? unit.get().region() : aws.region();
        RunTarget target;
        try {
            target = runs.target(new AppStack(id, unit.get().stack(), region));
        } catch (RunException e) {
            return PauseController.answer(HttpStatus.CONFLICT, e.getMessage());
        }
        String command = PauseController.clean(spec.commandLine());
        try {
            String taskArn = runs.start(target, spec);
            AUDIT.info("operator ran `{}` as a one-off task of {} (stack {}): task {}", command, id, target.stackName(), taskArn);
            return HttpResponse.status(HttpStatus.ACCEPTED).body(new Started("started", id, taskArn));
        } catch (RunException e) {
            AUDIT.warn("operator's one-off task `{}` of {} was refused: {}", command, id, e.getMessage());
            return PauseController.answer(HttpStatus.BAD_GATEWAY, e.getMessage());
        }
    }
}
