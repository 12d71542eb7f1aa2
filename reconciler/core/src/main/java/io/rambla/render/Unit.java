package io.rambla.render;

import io.rambla.schema.AppEnvironment;
import io.rambla.schema.Application;
import io.rambla.schema.District;
import io.rambla.schema.Endpoint;
import java.util.List;

/**
 * What Rambla manages as one CloudFormation stack: a district, an endpoint in a district, or an
 * environment of an application. Ids are stable and readable: {@code district/main},
 * {@code endpoint/main/public}, {@code app/shop/production}.
 */
public sealed interface Unit permits Unit.DistrictUnit, Unit.EndpointUnit, Unit.AppEnvironmentUnit {

    enum Kind { DISTRICT, ENDPOINT, APP }

    String id();

    Kind kind();

    /** The file this unit is declared in, relative to the repository root. */
    String sourceFile();

    /** Units that must be applied before this one, by id. */
    List<String> dependsOn();

    /** The AWS region the unit's stack lives in: its district's. */
    String region();

    static String districtId(String district) {
        return "district/" + district;
    }

    static String endpointId(String district, String endpoint) {
        return "endpoint/" + district + "/" + endpoint;
    }

    record DistrictUnit(District district) implements Unit {
        public String id() { return districtId(district.name()); }
        public Kind kind() { return Kind.DISTRICT; }
        public String sourceFile() { return district.file(); }
        public List<String> dependsOn() { return List.of(); }
        public String region() { return district.region(); }
    }

    record EndpointUnit(District district, Endpoint endpoint) implements Unit {
        public String id() { return endpointId(district.name(), endpoint.name()); }
        public Kind kind() { return Kind.ENDPOINT; }
        public String sourceFile() { return district.file(); }
        public List<String> dependsOn() { return List.of(districtId(district.name())); }
        public String region() { return district.region(); }
    }

    record AppEnvironmentUnit(Application application, AppEnvironment environment, District district) implements Unit {
        public String id() { return "app/" + application.name() + "/" + environment.environment(); }
        public Kind kind() { return Kind.APP; }
        public String sourceFile() { return application.file(); }
        public String region() { return district.region(); }

        public List<String> dependsOn() {
            var endpoints = environment.services().stream()
                    .flatMap(s -> s.listeners().stream())
                    .map(l -> endpointId(district.name(), l.endpoint()))
                    .distinct()
                    .sorted();
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(districtId(district.name())), endpoints).toList();
        }
    }
}
