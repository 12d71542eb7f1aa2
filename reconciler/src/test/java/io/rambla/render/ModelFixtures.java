package io.rambla.render;

import io.rambla.schema.AppEnvironment;
import io.rambla.schema.Application;
import io.rambla.schema.District;
import io.rambla.schema.Endpoint;
import io.rambla.schema.EnvironmentVariable;
import io.rambla.schema.InfraRepository;
import io.rambla.schema.Listener;
import io.rambla.schema.ScheduledTask;
import io.rambla.schema.Service;
import io.rambla.schema.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds model records for rendering tests directly, so the tests do not depend on how the YAML
 * loader fills them. Each builder starts from the values a typical file would give.
 */
final class ModelFixtures {

    private ModelFixtures() {}

    static DistrictBuilder district(String name) {
        return new DistrictBuilder(name);
    }

    static Endpoint publicEndpoint(String name, String certificateArn) {
        return new Endpoint(name, true, certificateArn, Endpoint.SslPolicy.INTERMEDIATE);
    }

    static Endpoint internalEndpoint(String name) {
        return new Endpoint(name, false, null, null);
    }

    static ServiceBuilder web(String name) {
        return new ServiceBuilder(name, Service.ServiceType.WEB);
    }

    static ServiceBuilder worker(String name) {
        return new ServiceBuilder(name, Service.ServiceType.DEFAULT);
    }

    static ListenerBuilder listener(String endpoint) {
        return new ListenerBuilder(endpoint);
    }

    static EnvironmentBuilder environment(String name) {
        return new EnvironmentBuilder(name);
    }

    static EnvironmentVariable plain(String name, String value) {
        return new EnvironmentVariable(name, value, null, null);
    }

    static EnvironmentVariable fromSsmPath(String name, String ssmPath) {
        return new EnvironmentVariable(name, null, null, ssmPath);
    }

    static EnvironmentVariable valueFrom(String name, String valueFrom) {
        return new EnvironmentVariable(name, null, valueFrom, null);
    }

    static Application application(String name, AppEnvironment... environments) {
        return new Application(name, "apps/" + name + "/barcelona.yml", List.of(environments));
    }

    static InfraRepository repository(List<District> districts, Application... applications) {
        return new InfraRepository(Settings.defaults(), districts, List.of(applications));
    }

    static final class DistrictBuilder {
        private final String name;
        private String region = "ap-northeast-1";
        private String cidr = "10.0.0.0/16";
        private District.NatType nat = District.NatType.INSTANCE;
        private String instanceType = "t3.small";
        private int size = 1;
        private boolean fargate;
        private final List<Endpoint> endpoints = new ArrayList<>();

        private DistrictBuilder(String name) {
            this.name = name;
        }

        DistrictBuilder region(String value) { region = value; return this; }
        DistrictBuilder cidr(String value) { cidr = value; return this; }
        DistrictBuilder nat(District.NatType value) { nat = value; return this; }
        DistrictBuilder instanceType(String value) { instanceType = value; return this; }
        DistrictBuilder size(int value) { size = value; return this; }
        DistrictBuilder fargate() { fargate = true; return this; }
        DistrictBuilder endpoint(Endpoint value) { endpoints.add(value); return this; }

        District build() {
            return new District(name, "districts/" + name + ".yml", region, cidr, nat, "ec2", instanceType, size,
                    fargate, endpoints, null, Map.of());
        }
    }

    static final class ServiceBuilder {
        private final String name;
        private final Service.ServiceType type;
        private int cpu = 256;
        private int memory = 512;
        private String command;
        private int port = 3000;
        private Integer desired;
        private Service.AutoScaling scaling;
        private final List<Listener> listeners = new ArrayList<>();

        private ServiceBuilder(String name, Service.ServiceType type) {
            this.name = name;
            this.type = type;
        }

        ServiceBuilder cpu(int value) { cpu = value; return this; }
        ServiceBuilder memory(int value) { memory = value; return this; }
        ServiceBuilder command(String value) { command = value; return this; }
        ServiceBuilder port(int value) { port = value; return this; }
        ServiceBuilder desiredCount(int value) { desired = value; return this; }
        ServiceBuilder autoScaling(int min, int max, int cpuPercent) { scaling = new Service.AutoScaling(min, max, cpuPercent); return this; }
        ServiceBuilder listener(ListenerBuilder value) { listeners.add(value.build()); return this; }

        Service build() {
            return new Service(name, type, cpu, memory, command == null ? null : new io.rambla.schema.Command.Shell(command),
                    false, port, desired, scaling, listeners);
        }
    }

    static final class ListenerBuilder {
        private final String endpoint;
        private String path = "/health";
        private int interval = 10;
        private int timeout = 5;
        private int healthy = 2;
        private int unhealthy = 3;
        private int priority = 100;
        private final List<Listener.RuleCondition> conditions = new ArrayList<>();

        private ListenerBuilder(String endpoint) {
            this.endpoint = endpoint;
        }

        ListenerBuilder healthCheck(String value, int intervalSeconds, int timeoutSeconds, int healthyCount, int unhealthyCount) {
            path = value;
            interval = intervalSeconds;
            timeout = timeoutSeconds;
            healthy = healthyCount;
            unhealthy = unhealthyCount;
            return this;
        }

        ListenerBuilder priority(int value) { priority = value; return this; }
        ListenerBuilder condition(String type, String value) { conditions.add(new Listener.RuleCondition(type, value)); return this; }

        Listener build() {
            return new Listener(endpoint, path, interval, timeout, healthy, unhealthy, priority, conditions);
        }
    }

    static final class EnvironmentBuilder {
        private final String name;
        private String district = "main";
        private String imageName = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop";
        private String imageTag = "v1.2.3";
        private String beforeDeploy;
        private final List<Service> services = new ArrayList<>();
        private final List<EnvironmentVariable> variables = new ArrayList<>();
        private final List<ScheduledTask> scheduled = new ArrayList<>();

        private EnvironmentBuilder(String name) {
            this.name = name;
        }

        EnvironmentBuilder district(String value) { district = value; return this; }
        EnvironmentBuilder image(String nameValue, String tag) { imageName = nameValue; imageTag = tag; return this; }
        EnvironmentBuilder beforeDeploy(String value) { beforeDeploy = value; return this; }
        EnvironmentBuilder service(ServiceBuilder value) { services.add(value.build()); return this; }
        EnvironmentBuilder variable(EnvironmentVariable value) { variables.add(value); return this; }
        EnvironmentBuilder scheduled(String schedule, String... command) { scheduled.add(new ScheduledTask(schedule, List.of(command))); return this; }

        AppEnvironment build() {
            return new AppEnvironment(name, name, district, imageName, imageTag, beforeDeploy, services, variables, scheduled);
        }
    }
}
