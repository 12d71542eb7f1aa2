package io.rambla.render;

import static io.rambla.render.ModelFixtures.application;
import static io.rambla.render.ModelFixtures.district;
import static io.rambla.render.ModelFixtures.environment;
import static io.rambla.render.ModelFixtures.fromSsmPath;
import static io.rambla.render.ModelFixtures.internalEndpoint;
import static io.rambla.render.ModelFixtures.listener;
import static io.rambla.render.ModelFixtures.plain;
import static io.rambla.render.ModelFixtures.publicEndpoint;
import static io.rambla.render.ModelFixtures.repository;
import static io.rambla.render.ModelFixtures.valueFrom;
import static io.rambla.render.ModelFixtures.web;
import static io.rambla.render.ModelFixtures.worker;

import io.rambla.schema.District;
import io.rambla.schema.Endpoint;
import io.rambla.schema.InfraRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The golden cases: each a small repository whose every stack has an expected template. */
final class RenderCases {

    static final String CERTIFICATE = "arn:aws:acm:ap-northeast-1:123456789012:certificate/0c8e1f4a-6d2b-4f1e-9a7c-3b5d2e8f9a10";
    static final String DB_SECRET = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:shop/production/db-AbCdEf";

    static final String LOG_KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private RenderCases() {}

    static Map<String, InfraRepository> all() {
        Map<String, InfraRepository> cases = new LinkedHashMap<>();
        // Barcelona's default nat_type, instance: the NAT instance's golden; and the default
        // cluster_ami, automatic: its .stack.json shows the SSM parameter the AMI is read from.
        cases.put("minimal-district", repository(List.of(district("main").build())));
        cases.put("district-without-nat", repository(List.of(district("isolated").nat(District.NatType.NONE).build())));
        cases.put("district-multi-az-fargate", repository(List.of(district("prod")
                .region("eu-central-1")
                .cidr("10.20.0.0/16")
                .nat(District.NatType.MANAGED_GATEWAY_MULTI_AZ)
                .instanceType("m7g.large")
                .size(3)
                .fargate()
                .build())));
        cases.put("public-endpoint-with-certificate", repository(List.of(district("main")
                .endpoint(new Endpoint("public", true, CERTIFICATE, Endpoint.SslPolicy.MODERN))
                .build())));
        cases.put("internal-endpoint-without-certificate", repository(List.of(district("main")
                .nat(District.NatType.MANAGED_GATEWAY)
                .endpoint(internalEndpoint("internal-api"))
                .build())));
        cases.put("district-with-audit-settings", auditSettingsRepository());
        cases.put("district-with-pinned-ami", repository(List.of(district("pinned")
                .nat(District.NatType.MANAGED_GATEWAY)
                .ami(new District.ClusterAmi.Pinned("ami-0123456789abcdef0"))
                .build())));
        cases.put("district-in-a-second-region", secondRegionRepository());
        cases.put("app-web-worker", appRepository());
        cases.put("app-on-fargate-district", fargateAppRepository());
        cases.put("example-infra-repo", exampleInfraRepo());
        return cases;
    }

    /** The repository the demo runs, read by the real loader, so its stacks are reviewed as goldens too. */
    static InfraRepository exampleInfraRepo() {
        var loaded = io.rambla.schema.RepositoryLoader.load(java.nio.file.Path.of("..", "example-infra-repo"));
        if (loaded.hasErrors()) {
            throw new IllegalStateException("example-infra-repo does not validate: " + loaded.errors());
        }
        return loaded.repository();
    }

    /**
     * Two districts in two regions, one daemon: every regional ARN of the sa-east-1 district, its
     * endpoint and its app follows its own region (through AWS::Region in its stacks, which live
     * there), its AMI is read there, and its log bucket admits that region's ELB log account.
     */
    static InfraRepository secondRegionRepository() {
        var tokyo = district("tokyo").region("ap-northeast-1").nat(District.NatType.NONE).build();
        var saoPaulo = district("saopaulo").region("sa-east-1").cidr("10.30.0.0/16").nat(District.NatType.NONE)
                .endpoint(internalEndpoint("lan"))
                .build();
        var production = environment("production")
                .district("saopaulo")
                .image("nginx", "1.27")
                .service(web("web").cpu(256).memory(512).port(8080).listener(listener("lan")))
                .variable(fromSsmPath("API_KEY", "web/api_key"))
                .build();
        return repository(List.of(tokyo, saoPaulo), application("web", production));
    }

    /** Logs kept ten years and encrypted with the team's own KMS key; an endpoint that may be deleted. */
    static InfraRepository auditSettingsRepository() {
        var audited = district("audited")
                .logs(3653, LOG_KEY)
                .endpoint(new Endpoint("public", true, CERTIFICATE, Endpoint.SslPolicy.INTERMEDIATE, false))
                .build();
        var production = environment("production")
                .district("audited")
                .image("nginx", "1.27")
                .service(web("web").cpu(256).memory(512).port(8080).listener(listener("public")))
                .build();
        return repository(List.of(audited), application("ledger", production));
    }

    /** Fargate capacity, an HTTP-only internal endpoint, a plain Docker Hub image, no secrets. */
    static InfraRepository fargateAppRepository() {
        var edge = district("edge")
                .region("eu-west-1")
                .nat(District.NatType.MANAGED_GATEWAY)
                .fargate()
                .endpoint(internalEndpoint("internal"))
                .build();
        var staging = environment("staging")
                .district("edge")
                .image("nginx", "1.27")
                .service(web("api")
                        .cpu(256).memory(512).port(8080)
                        .listener(listener("internal")))
                .variable(plain("LOG_LEVEL", "debug"))
                .scheduled("rate(1 hour)", "/bin/true")
                .build();
        return repository(List.of(edge), application("api", staging));
    }

    static InfraRepository appRepository() {
        var main = district("main")
                .endpoint(publicEndpoint("public", CERTIFICATE))
                .endpoint(internalEndpoint("internal"))
                .build();
        var production = environment("production")
                .beforeDeploy("bundle exec rake db:migrate")
                .service(web("web")
                        .cpu(512).memory(1024).port(3000)
                        .command("bundle exec puma -C config/puma.rb")
                        .desiredCount(2)
                        .autoScaling(2, 6, 60)
                        .listener(listener("public")
                                .healthCheck("/health", 15, 5, 2, 3)
                                .priority(100)
                                .condition("host-header", "shop.example.com")
                                .condition("path-pattern", "/*"))
                        .listener(listener("internal")
                                .healthCheck("/internal/health", 30, 10, 3, 5)
                                .priority(200)
                                .condition("path-pattern", "/internal/*")))
                .service(worker("worker")
                        .cpu(256).memory(512)
                        .command("bundle exec sidekiq -q 'default critical'"))
                .variable(plain("RAILS_ENV", "production"))
                .variable(fromSsmPath("SECRET_KEY_BASE", "shop/secret_key_base"))
                .variable(valueFrom("DATABASE_URL", DB_SECRET + ":url::"))
                .scheduled("cron(0 3 * * ? *)", "bundle", "exec", "rake", "shop:cleanup")
                .build();
        return repository(List.of(main), application("shop", production));
    }
}
