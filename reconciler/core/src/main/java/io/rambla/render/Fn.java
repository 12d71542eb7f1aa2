package io.rambla.render;

import java.util.List;
import java.util.Map;

/**
 * CloudFormation intrinsic functions as typed values. Each serialises to the one-key
 * object CloudFormation expects ({@code {"Ref": "Vpc"}}, {@code {"Fn::GetAtt": ["Lb", "DNSName"]}}).
 */
public sealed interface Fn {

    /** The JSON form: a single-key map. */
    Map<String, Object> toJson();

    record Ref(String logicalId) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Ref", logicalId); }
    }

    record GetAtt(String logicalId, String attribute) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::GetAtt", List.of(logicalId, attribute)); }
    }

    record Sub(String text) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::Sub", text); }
    }

    record Join(String delimiter, List<Object> parts) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::Join", List.of(delimiter, parts)); }
    }

    record Select(int index, Object list) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::Select", List.of(String.valueOf(index), list)); }
    }

    record GetAZs(String region) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::GetAZs", region); }
    }

    record Cidr(Object ipBlock, int count, int cidrBits) implements Fn {
        public Map<String, Object> toJson() {
            return Map.of("Fn::Cidr", List.of(ipBlock, String.valueOf(count), String.valueOf(cidrBits)));
        }
    }

    record If(String condition, Object whenTrue, Object whenFalse) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::If", List.of(condition, whenTrue, whenFalse)); }
    }

    record Equals(Object left, Object right) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::Equals", List.of(left, right)); }
    }

    record Not(Object condition) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::Not", List.of(condition)); }
    }

    record SubWith(String text, java.util.Map<String, Object> variables) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::Sub", List.of(text, variables)); }
    }

    record Base64(Object value) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::Base64", value); }
    }

    record Split(String delimiter, Object source) implements Fn {
        public Map<String, Object> toJson() { return Map.of("Fn::Split", List.of(delimiter, source)); }
    }

    /** The pseudo parameter {@code AWS::NoValue}: removes a property inside {@code Fn::If}. */
    Ref NO_VALUE = new Ref("AWS::NoValue");
    Ref REGION = new Ref("AWS::Region");
    Ref STACK_NAME = new Ref("AWS::StackName");
    Ref ACCOUNT_ID = new Ref("AWS::AccountId");
    Ref PARTITION = new Ref("AWS::Partition");

    static Ref ref(String logicalId) { return new Ref(logicalId); }

    static GetAtt getAtt(String logicalId, String attribute) { return new GetAtt(logicalId, attribute); }

    static Sub sub(String text) { return new Sub(text); }

    static Select select(int index, Object list) { return new Select(index, list); }

    static GetAZs azs() { return new GetAZs(""); }

    static Cidr cidr(Object ipBlock, int count, int cidrBits) { return new Cidr(ipBlock, count, cidrBits); }

    static Join join(String delimiter, Object... parts) { return new Join(delimiter, List.of(parts)); }


    /** {@code Fn::Sub} with its own variables, for text that mixes template values with render-time ones. */
    static SubWith sub(String text, Map<String, Object> variables) { return new SubWith(text, variables); }

    static Base64 base64(Object value) { return new Base64(value); }

    static Split split(String delimiter, Object source) { return new Split(delimiter, source); }
}
