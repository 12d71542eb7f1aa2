package io.rambla.plan;

import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns every {@link ParameterValue.SsmAmi} into the AMI id it means now, so the AMI is part of a
 * district's desired state: a new AMI in the SSM parameter changes the desired hash, and the plan
 * shows an update of the launch template (a rolling, draining replacement of the instances).
 * {@code cluster_ami: manual} keeps what the live stack runs; a new stack starts on the newest.
 *
 * <p>Pure but for {@link Lookup}, the one question it asks of AWS; each parameter is asked once.
 */
public final class Amis {

    /** Reads an SSM parameter holding an AMI id. */
    @FunctionalInterface
    public interface Lookup {
        /** The value of {@code ssmParameter} in {@code region}. */
        String imageId(String region, String ssmParameter);

        /** For callers that have no SSM client: every lookup fails, saying so. */
        Lookup UNAVAILABLE = (region, parameter) -> {
            throw new AmiLookupException("cannot read SSM parameter " + parameter + " in " + region + ": no SSM client is configured");
        };
    }

    /** An AMI could not be read; the unit cannot be planned until it can. */
    public static final class AmiLookupException extends RuntimeException {
        public AmiLookupException(String message) {
            super(message);
        }

        public AmiLookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Amis() {}

    /** Whether any unit needs an AMI read when planning. */
    public static boolean anyToResolve(List<RenderedUnit> units) {
        return units.stream().anyMatch(u -> u.stack().parameters().values().stream().anyMatch(ParameterValue.SsmAmi.class::isInstance));
    }

    /**
     * The units, each with its AMI parameters replaced by literal AMI ids.
     *
     * @param liveByStackName the live stacks by name (for {@code manual}: the AMI a stack runs)
     * @throws AmiLookupException when a parameter cannot be read or holds no AMI id
     */
    public static List<RenderedUnit> resolve(List<RenderedUnit> units, Map<String, LiveStack> liveByStackName, Lookup lookup) {
        Map<String, String> asked = new HashMap<>();
        List<RenderedUnit> resolved = new ArrayList<>(units.size());
        for (RenderedUnit unit : units) {
            if (unit.stack().parameters().values().stream().noneMatch(ParameterValue.SsmAmi.class::isInstance)) {
                resolved.add(unit);
                continue;
            }
            LiveStack live = liveByStackName.get(unit.stack().stackName());
            Map<String, ParameterValue> parameters = new LinkedHashMap<>();
            unit.stack().parameters().forEach((name, value) -> {
                if (value instanceof ParameterValue.SsmAmi ami) {
                    String kept = ami.keepLive() && live != null && !live.deleted() && !live.failedCreation()
                            ? live.outputs().get(ami.liveOutput()) : null;
                    String id = kept != null ? kept : asked.computeIfAbsent(ami.region() + "\n" + ami.ssmParameter(),
                            key -> checked(ami, lookup.imageId(ami.region(), ami.ssmParameter())));
                    parameters.put(name, ParameterValue.literal(id));
                } else {
                    parameters.put(name, value);
                }
            });
            resolved.add(new RenderedUnit(unit.unit(), unit.stack().withParameters(parameters)));
        }
        return resolved;
    }

    /**
     * The AMI ids the units' SSM parameters name now, keyed by {@code region parameter}: what a
     * sync of an unchanged commit compares to learn whether a new AMI came out.
     */
    public static Map<String, String> current(List<RenderedUnit> units, Lookup lookup) {
        return read(followed(units), lookup);
    }

    /**
     * The SSM parameters the units follow for a new AMI ({@code cluster_ami} other than
     * {@code manual}), each once: all that {@link #current} reads of the units, so a daemon can
     * keep these between syncs instead of the rendered units.
     */
    public static List<ParameterValue.SsmAmi> followed(List<RenderedUnit> units) {
        java.util.Set<ParameterValue.SsmAmi> followed = new java.util.LinkedHashSet<>();
        for (RenderedUnit unit : units) {
            for (ParameterValue value : unit.stack().parameters().values()) {
                if (value instanceof ParameterValue.SsmAmi ami && !ami.keepLive()) {
                    followed.add(ami);
                }
            }
        }
        return List.copyOf(followed);
    }

    /** {@link #current} of the units that follow {@code followed} ({@link #followed}). */
    public static Map<String, String> read(List<ParameterValue.SsmAmi> followed, Lookup lookup) {
        Map<String, String> values = new java.util.TreeMap<>();
        for (ParameterValue.SsmAmi ami : followed) {
            values.computeIfAbsent(ami.region() + " " + ami.ssmParameter(),
                    key -> checked(ami, lookup.imageId(ami.region(), ami.ssmParameter())));
        }
        return values;
    }

    private static final java.util.regex.Pattern AMI_ID = java.util.regex.Pattern.compile("ami-[0-9a-f]{8}([0-9a-f]{9})?");

    /**
     * Only an AMI id may reach a template parameter. The value itself is never repeated in the
     * message: a district file could name a parameter that holds a secret.
     */
    private static String checked(ParameterValue.SsmAmi ami, String value) {
        if (value == null || !AMI_ID.matcher(value).matches()) {
            throw new AmiLookupException("SSM parameter " + ami.ssmParameter() + " in " + ami.region()
                    + (value == null ? " has no value" : " does not hold an AMI id (ami- and 8 or 17 hex digits)"));
        }
        return value;
    }
}
