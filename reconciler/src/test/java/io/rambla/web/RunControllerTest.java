package io.rambla.web;

import static io.rambla.web.SyncControllerTest.exchange;
import static io.rambla.web.SyncControllerTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.rambla.run.StackOutputs;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.FakeEcs;
import io.rambla.support.FakeEcsRun;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/units/<id>/run}: behind the operator token, bounded, audit-logged; ECS is the
 * protocol-level {@link FakeEcs}, and the live stack's outputs come from a stand-in of the
 * {@link StackOutputs} port (CloudFormation's side is {@code RunCommandIT}'s).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "spec.name", value = "RunControllerTest")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "rambla.api.token", value = RunControllerTest.TOKEN)
class RunControllerTest implements TestPropertyProvider {

    static final String TOKEN = "0perator-t0ken";
    static final String READ_TOKEN = "r3ad-t0ken";
    private static final FakeEcs FAKE = new FakeEcs();

    @Override
    public Map<String, String> getProperties() {
        return Map.of("rambla.aws.endpoint", FAKE.server.baseUrl(), "rambla.aws.region", "us-east-1",
                "rambla.aws.access-key-id", "test", "rambla.aws.secret-access-key", "test", "rambla.api.read-token", READ_TOKEN);
    }

    /** The shop's live stack has the one-off outputs; the blog's stack does not exist. */
    @Singleton
    @Replaces(StackOutputs.class)
    @Requires(property = "spec.name", value = "RunControllerTest")
    static class LiveOutputs implements StackOutputs {
        @Override
        public Optional<Map<String, String>> of(String region, String stackName) {
            return stackName.equals("rambla-app-shop-production") ? Optional.of(Map.of(
                    "OneOffTaskDefinitionArn", FakeEcs.liveTaskDefinitionArn(FakeEcs.FAMILY),
                    "ClusterName", "rambla-district-production", "CapacityProvider", "rambla-district-production-Ec2",
                    "SubnetIds", "subnet-0aaa,subnet-0bbb", "OneOffSecurityGroupId", "sg-0one")) : Optional.empty();
        }
    }

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    UnitStatusStore statuses;

    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();

    @BeforeEach
    void seed() {
        FAKE.server.resetAll();
        new FakeEcsRun(FAKE).oneOffDefinition(FakeEcs.liveTaskDefinitionArn(FakeEcs.FAMILY), "rambla-app-shop-production-OneOffLogGroup-Q1w2", false)
                .startsARunningTask();
        statuses.track("app/shop/production", "app", "rambla-app-shop-production", "us-east-1");
        statuses.record("app/shop/production", UnitState.APPLIED, "aaa", "aaa", "up to date");
        statuses.track("app/blog/production", "app", "rambla-app-blog-production", "us-east-1");
        statuses.track("district/production", "district", "rambla-district-production", "us-east-1");
        audit.list.clear();
        audit.start();
        ((Logger) LoggerFactory.getLogger("io.rambla.audit")).addAppender(audit);
    }

    @AfterEach
    void detach() {
        ((Logger) LoggerFactory.getLogger("io.rambla.audit")).detachAppender(audit);
    }

    @AfterAll
    void stopEcs() {
        FAKE.close();
    }

    private static MutableHttpRequest<String> run(String unit, String body, String token) {
        var request = HttpRequest.POST("/api/units/" + unit + "/run", body).contentType(MediaType.APPLICATION_JSON_TYPE);
        return token == null ? request : request.bearerAuth(token);
    }

    @Test
    void the_operator_starts_a_one_off_task_and_gets_its_arn_and_the_run_is_audit_logged() {
        var response = exchange(http, run("app/shop/production", """
                {"command": ["bundle", "exec", "rake", "db:migrate"], "memory": 1024}""", TOKEN));

        assertThat(response.code()).isEqualTo(202);
        Map<String, String> body = response.getBody(Argument.mapOf(String.class, String.class)).orElseThrow();
        assertThat(body).containsEntry("taskArn", FakeEcs.TASK_ARN).containsEntry("unit", "app/shop/production");
        var request = FAKE.requests("RunTask").get(0);
        assertThat(request.path("taskDefinition").asText()).isEqualTo(FakeEcs.liveTaskDefinitionArn(FakeEcs.FAMILY));
        assertThat(request.path("overrides").path("containerOverrides").get(0).path("command").toString())
                .isEqualTo("[\"bundle\",\"exec\",\"rake\",\"db:migrate\"]");
        assertThat(request.path("overrides").path("containerOverrides").get(0).path("memory").asInt()).isEqualTo(1024);
        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "operator ran `bundle exec rake db:migrate` as a one-off task of app/shop/production (stack rambla-app-shop-production): task "
                        + FakeEcs.TASK_ARN);
    }

    @Test
    void without_the_operator_token_nothing_runs_and_the_body_is_not_read() {
        assertThat(exchange(http, run("app/shop/production", "{\"command\": [\"true\"]}", null)).code()).isEqualTo(401);
        assertThat(exchange(http, run("app/shop/production", "{\"command\": [\"true\"]}", READ_TOKEN)).code()).isEqualTo(401);
        assertThat(exchange(http, run("app/shop/production", "not json at all", "wrong")).code()).isEqualTo(401);
        assertThat(FAKE.requests("RunTask")).isEmpty();
        assertThat(audit.list).isEmpty();
    }

    @Test
    void hostile_or_malformed_requests_are_refused_before_ecs_is_asked() {
        var tooLong = exchange(http, run("app/shop/production", "{\"command\": [\"" + "x".repeat(5000) + "\"]}", TOKEN));
        assertThat(tooLong.code()).isEqualTo(400);
        assertThat(result(tooLong)).isEqualTo("the command has 5000 characters; at most 4096");
        var huge = exchange(http, run("app/shop/production", "{\"command\": [\"" + "x".repeat(RunController.MAX_BODY_CHARS) + "\"]}", TOKEN));
        assertThat(huge.code()).isEqualTo(413);
        assertThat(result(exchange(http, run("app/shop/production", "{\"command\": []}", TOKEN)))).isEqualTo("no command to run");
        assertThat(result(exchange(http, run("app/shop/production", "", TOKEN)))).startsWith("the body names no command");
        assertThat(result(exchange(http, run("app/shop/production", "null", TOKEN)))).startsWith("the body names no command");
        assertThat(result(exchange(http, run("app/shop/production", "{\"command\": [\"echo\", null]}", TOKEN))))
                .isEqualTo("the command has a null word");
        for (String malformed : new String[] {"[]", "{\"command\": [\"true\"], \"cpu\": \"lots\"}",
                "{\"command\": [\"true\"], \"memory\": 1e40}", "{\"command\": [[\"nested\"]]}", "{\"command\": [\"true\"",
                "{\"command\": [\"true\", 1]}", "{\"command\": [\"true\"], \"cpu\": 5000000000}", "{\"command\": [\"true\"], \"cpu\": true}",
                "{\"command\": \"true\"}", "\"true\""}) {
            var answer = exchange(http, run("app/shop/production", malformed, TOKEN));
            assertThat(answer.code()).as(malformed).isEqualTo(400);
            assertThat(result(answer)).as(malformed).startsWith("the body is not a run request");
        }
        assertThat(result(exchange(http, run("app/shop/production", "{\"command\": [\"true\"], \"cpu\": -1}", TOKEN))))
                .isEqualTo("cpu is 1 to 16384 CPU units, not -1");
        var notApp = exchange(http, run("district/production", "{\"command\": [\"true\"]}", TOKEN));
        assertThat(notApp.code()).isEqualTo(400);
        assertThat(result(notApp)).isEqualTo("only app environments run one-off tasks, not district/production");
        var unknown = exchange(http, run("app/nope/production", "{\"command\": [\"true\"]}", TOKEN));
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(FAKE.requests("RunTask")).isEmpty();
    }

    @Test
    void a_unit_without_a_stack_and_a_refusal_by_ecs_say_why() {
        var noStack = exchange(http, run("app/blog/production", "{\"command\": [\"true\"]}", TOKEN));
        assertThat(noStack.code()).isEqualTo(409);
        assertThat(result(noStack)).isEqualTo("stack rambla-app-blog-production of app/blog/production does not exist in us-east-1: "
                + "the app environment has not been deployed yet");

        FAKE.taskCannotBePlaced("RESOURCE:MEMORY");
        var refused = exchange(http, run("app/shop/production", "{\"command\": [\"true\"]}", TOKEN));
        assertThat(refused.code()).isEqualTo(502);
        assertThat(result(refused)).startsWith("ECS started no task: RESOURCE:MEMORY");
        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .startsWith("operator's one-off task `true` of app/shop/production was refused: ECS started no task: RESOURCE:MEMORY");
    }
}
