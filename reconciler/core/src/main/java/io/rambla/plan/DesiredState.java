package io.rambla.plan;

import io.rambla.render.StackTags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A unit's stack as it should be, with every parameter resolved. Its {@link #hash()} is tagged on
 * the stack when applied; an equal hash on the live stack means there is nothing to do, without
 * asking CloudFormation for a change set.
 */
public record DesiredState(String stackName, String templateBody, Map<String, String> parameters, Map<String, String> tags) {

    public DesiredState {
        parameters = Map.copyOf(parameters);
        tags = Map.copyOf(tags);
    }

    /**
     * This state with Rambla's bookkeeping tags, as a stack carries it once applied: the hash of
     * this (untagged) state, and the commit, when known.
     */
    public DesiredState tagged(String commit) {
        Map<String, String> withBookkeeping = new HashMap<>(tags);
        withBookkeeping.put(StackTags.DESIRED_HASH, hash());
        if (commit != null) {
            withBookkeeping.put(StackTags.COMMIT, commit);
        }
        return new DesiredState(stackName, templateBody, parameters, withBookkeeping);
    }

    public String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, stackName);
            update(digest, templateBody);
            for (var e : new TreeMap<>(parameters).entrySet()) {
                update(digest, e.getKey());
                update(digest, e.getValue());
            }
            for (var e : new TreeMap<>(tags).entrySet()) {
                update(digest, e.getKey());
                update(digest, e.getValue());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }
}
