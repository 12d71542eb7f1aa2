package io.rambla.render;

import static io.rambla.render.ModelFixtures.application;
import static io.rambla.render.ModelFixtures.district;
import static io.rambla.render.ModelFixtures.environment;
import static io.rambla.render.ModelFixtures.fromSsmPath;
import static io.rambla.render.ModelFixtures.plain;
import static io.rambla.render.ModelFixtures.repository;
import static io.rambla.render.ModelFixtures.valueFrom;
import static io.rambla.render.ModelFixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.schema.InfraRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The good-practice defaults a district and an app must always have, checked on the rendered JSON. */
class SecurityPropertiesTest {

    private static final InfraRepository APP = RenderCases.appRepository();
    private final JsonNode district = Rendered.template(APP, "district/main");
    private final JsonNode app = Rendered.template(APP, "app/shop/production");

    @Test
    void container_instances_require_imdsv2_and_get_no_public_ip_and_encrypted_disks() {
        JsonNode data = district.at("/Resources/LaunchTemplate/Properties/LaunchTemplateData");
        assertThat(data.at("/MetadataOptions/HttpTokens").asText()).isEqualTo("required");
        assertThat(data.at("/MetadataOptions/HttpPutResponseHopLimit").asInt()).isEqualTo(1);
        assertThat(data.at("/NetworkInterfaces/0/AssociatePublicIpAddress").isBoolean()).isTrue();
        assertThat(data.at("/NetworkInterfaces/0/AssociatePublicIpAddress").asBoolean()).isFalse();
        assertThat(data.at("/BlockDeviceMappings/0/Ebs/Encrypted").asBoolean()).isTrue();
        assertThat(data.has("KeyName")).as("no SSH key: Session Manager only").isFalse();
    }

    @Test
    void instances_live_in_private_subnets_and_no_subnet_hands_out_public_ips() {
        JsonNode zones = district.at("/Resources/AutoScalingGroup/Properties/VPCZoneIdentifier");
        assertThat(zones.findValuesAsText("Ref")).containsExactly("PrivateSubnet1", "PrivateSubnet2");
        for (JsonNode subnet : Rendered.resourcesOfType(district, "AWS::EC2::Subnet")) {
            assertThat(subnet.at("/Properties/MapPublicIpOnLaunch").asBoolean()).isFalse();
        }
    }

    @Test
    void instance_role_has_only_the_ecs_and_session_manager_policies() {
        JsonNode arns = district.at("/Resources/InstanceRole/Properties/ManagedPolicyArns");
        assertThat(arns.findValuesAsText("Fn::Sub")).containsExactly(
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore");
        assertThat(district.at("/Resources/InstanceRole/Properties").has("Policies")).isFalse();
    }

    @Test
    void log_bucket_is_encrypted_private_versioned_retained_and_refuses_plain_http() {
        JsonNode bucket = district.at("/Resources/LogBucket");
        assertThat(bucket.at("/DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(bucket.at("/UpdateReplacePolicy").asText()).isEqualTo("Retain");
        JsonNode props = bucket.get("Properties");
        assertThat(props.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                .asText()).isEqualTo("AES256");
        JsonNode block = props.get("PublicAccessBlockConfiguration");
        for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(block.get(flag).asBoolean()).as(flag).isTrue();
        }
        assertThat(props.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");

        JsonNode deny = statement(district.at("/Resources/LogBucketPolicy/Properties/PolicyDocument"), "DenyInsecureTransport");
        assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.get("Principal").asText()).isEqualTo("*");
        assertThat(deny.get("Action").asText()).isEqualTo("s3:*");
        assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
        assertThat(deny.get("Resource")).hasSize(2);
    }

    @Test
    void load_balancers_may_write_access_logs_to_their_prefix_only() {
        JsonNode allow = statement(district.at("/Resources/LogBucketPolicy/Properties/PolicyDocument"), "AllowElbAccessLogs");
        assertThat(allow.get("Action").asText()).isEqualTo("s3:PutObject");
        assertThat(allow.at("/Principal/Service").asText()).isEqualTo("logdelivery.elasticloadbalancing.amazonaws.com");
        assertThat(allow.get("Resource").toString()).contains("/elb/*/AWSLogs/");
    }

    @Test
    void log_groups_are_retained_and_expire() {
        List<JsonNode> groups = new ArrayList<>(Rendered.resourcesOfType(district, "AWS::Logs::LogGroup"));
        groups.addAll(Rendered.resourcesOfType(app, "AWS::Logs::LogGroup"));
        assertThat(groups).hasSize(4);
        for (JsonNode group : groups) {
            assertThat(group.get("DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(group.at("/Properties/RetentionInDays").asInt()).isPositive();
        }
    }

    @Test
    void every_bucket_and_log_group_of_every_case_is_retained() {
        RenderCases.all().forEach((name, repository) -> Rendered.units(repository).forEach(unit -> {
            JsonNode template = Rendered.tree(unit.stack());
            List<JsonNode> stateful = new ArrayList<>(Rendered.resourcesOfType(template, "AWS::S3::Bucket"));
            stateful.addAll(Rendered.resourcesOfType(template, "AWS::Logs::LogGroup"));
            for (JsonNode resource : stateful) {
                assertThat(resource.path("DeletionPolicy").asText()).as("%s %s", name, unit.id()).isEqualTo("Retain");
                assertThat(resource.path("UpdateReplacePolicy").asText()).as("%s %s", name, unit.id()).isEqualTo("Retain");
            }
        }));
    }

    @Test
    void tasks_get_no_public_ip() {
        for (JsonNode service : Rendered.resourcesOfType(app, "AWS::ECS::Service")) {
            assertThat(service.at("/Properties/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp").asText())
                    .isEqualTo("DISABLED");
        }
    }

    @Test
    void execution_role_reads_exactly_the_secrets_the_environment_references() {
        JsonNode statements = app.at("/Resources/ExecutionRole/Properties/Policies/0/PolicyDocument/Statement");
        assertThat(resourcesFor(statements, "secretsmanager:GetSecretValue"))
                .containsExactly("\"" + RenderCases.DB_SECRET + "\"");
        assertThat(resourcesFor(statements, "ssm:GetParameters")).containsExactly(
                "{\"Fn::Sub\":\"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/barcelona/main/shop/secret_key_base\"}");
        List<String> decrypts = new java.util.ArrayList<>();
        for (JsonNode statement : statements) {
            if (statement.get("Resource").isTextual() && statement.get("Resource").asText().equals("*")) {
                if (actions(statement).contains("kms:Decrypt")) {
                    // Any key, but only through the service holding the secret, and only for the granted ones.
                    assertThat(actions(statement)).containsExactly("kms:Decrypt");
                    decrypts.add(statement.path("Condition").toString());
                } else {
                    assertThat(actions(statement)).containsExactly("ecr:GetAuthorizationToken");
                }
            }
        }
        assertThat(decrypts).containsExactly(
                "{\"StringLike\":{\"kms:EncryptionContext:SecretARN\":[\"" + RenderCases.DB_SECRET
                        + "\"],\"kms:ViaService\":\"secretsmanager.*.amazonaws.com\"}}",
                "{\"StringLike\":{\"kms:EncryptionContext:PARAMETER_ARN\":[{\"Fn::Sub\":"
                        + "\"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/barcelona/main/shop/secret_key_base\"}],"
                        + "\"kms:ViaService\":\"ssm.*.amazonaws.com\"}}");
    }

    @Test
    void secrets_in_ssm_only_may_be_decrypted_through_ssm_only() {
        var env = environment("staging")
                .service(worker("worker"))
                .variable(valueFrom("B", "/shop/b"))
                .build();
        var repo = repository(List.of(district("main").build()), application("shop", env));
        JsonNode statements = Rendered.template(repo, "app/shop/staging")
                .at("/Resources/ExecutionRole/Properties/Policies/0/PolicyDocument/Statement");
        JsonNode decrypt = null;
        for (JsonNode statement : statements) {
            if (actions(statement).contains("kms:Decrypt")) {
                decrypt = statement;
            }
        }
        assertThat(decrypt).isNotNull();
        assertThat(decrypt.at("/Condition/StringLike/kms:ViaService").asText()).isEqualTo("ssm.*.amazonaws.com");
        assertThat(decrypt.at("/Condition/StringLike/kms:EncryptionContext:PARAMETER_ARN").toString())
                .isEqualTo("[{\"Fn::Sub\":\"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/shop/b\"}]");
    }

    @Test
    void execution_role_of_an_environment_without_secrets_or_ecr_image_may_only_write_logs() {
        var env = environment("staging")
                .image("public.example.com/shop", "v1")
                .service(worker("worker"))
                .variable(plain("RAILS_ENV", "staging"))
                .build();
        var repo = repository(List.of(district("main").build()), application("shop", env));
        JsonNode statements = Rendered.template(repo, "app/shop/staging")
                .at("/Resources/ExecutionRole/Properties/Policies/0/PolicyDocument/Statement");
        assertThat(statements).hasSize(1);
        assertThat(actions(statements.get(0))).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
    }

    @Test
    void ssm_paths_map_to_barcelonas_district_namespace_and_names_to_this_account() {
        var env = environment("staging")
                .service(worker("worker"))
                .variable(fromSsmPath("A", "/shop/a/"))
                .variable(valueFrom("B", "/shop/b"))
                .build();
        var repo = repository(List.of(district("main").build()), application("shop", env));
        JsonNode secrets = Rendered.template(repo, "app/shop/staging")
                .at("/Resources/WorkerTaskDefinition/Properties/ContainerDefinitions/0/Secrets");
        assertThat(secrets.findValuesAsText("Fn::Sub")).containsExactly(
                "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/barcelona/main/shop/a",
                "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/shop/b");
    }

    @Test
    void scheduled_tasks_may_only_run_the_one_off_task_and_pass_the_app_roles() {
        JsonNode statements = app.at("/Resources/ScheduledTaskRole/Properties/Policies/0/PolicyDocument/Statement");
        assertThat(statements).hasSize(2);
        assertThat(actions(statements.get(0))).containsExactly("ecs:RunTask");
        assertThat(statements.get(0).at("/Resource/Fn::Sub").asText())
                .endsWith(":task-definition/${AWS::StackName}-one-off:*");
        assertThat(app.at("/Resources/OneOffTaskDefinition/Properties/Family/Fn::Sub").asText())
                .as("the permission names the one-off task's own family")
                .isEqualTo("${AWS::StackName}-one-off");
        assertThat(actions(statements.get(1))).containsExactly("iam:PassRole");
        assertThat(statements.get(1).get("Resource").toString()).isEqualTo(
                "[{\"Fn::GetAtt\":[\"ExecutionRole\",\"Arn\"]},{\"Fn::GetAtt\":[\"TaskRole\",\"Arn\"]}]");
    }

    @Test
    void services_roll_back_failed_deployments() {
        for (JsonNode service : Rendered.resourcesOfType(app, "AWS::ECS::Service")) {
            JsonNode breaker = service.at("/Properties/DeploymentConfiguration/DeploymentCircuitBreaker");
            assertThat(breaker.get("Enable").asBoolean()).isTrue();
            assertThat(breaker.get("Rollback").asBoolean()).isTrue();
        }
    }

    private static JsonNode statement(JsonNode document, String sid) {
        return StreamSupport.stream(document.get("Statement").spliterator(), false)
                .filter(s -> s.path("Sid").asText().equals(sid))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + document));
    }

    private static List<String> actions(JsonNode statement) {
        List<String> out = new ArrayList<>();
        statement.get("Action").forEach(a -> out.add(a.asText()));
        return out;
    }

    private static List<String> resourcesFor(JsonNode statements, String action) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : statements) {
            if (actions(s).contains(action)) {
                s.get("Resource").forEach(r -> out.add(r.toString()));
            }
        }
        return out;
    }
}
