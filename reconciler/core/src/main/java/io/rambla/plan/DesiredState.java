package io.rambla.plan;

import io.rambla.render.StackTags;
import io.rambla.render.TemplateBody;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A unit's stack as it should be, with every parameter resolved. Its {@link #hash()} is tagged on
 * the stack when applied; an equal hash on the live stack means there is nothing to do, without
 * asking CloudFormation for a change set.
 *
 * <p>A value like a record (equal when its four parts are equal), written as a class only so that
 * it computes its hash once: a sync asks for it several times per unit (planning, the executor, the
 * preflight), each time over the whole template body. Made from a rendering's {@link TemplateBody},
 * it also remembers the hash and the preflight's limits verdict there, so the next sync, which
 * reuses that rendering, asks neither again; see {@link #DesiredState(String, TemplateBody, Map, Map)}.
 */
public final class DesiredState {

    private final String stackName;
    private final String templateBody;
    /** What is remembered of {@link #templateBody} across states sharing it (and across syncs). */
    private final TemplateBody body;
    private final Map<String, String> parameters;
    private final Map<String, String> tags;
    /** {@link #hash()}, computed on first use. */
    private volatile String hash;

    public DesiredState(String stackName, String templateBody, Map<String, String> parameters, Map<String, String> tags) {
        this(stackName, new TemplateBody(templateBody), parameters, tags);
    }

    /**
     * A state over a rendering's body: its {@link #hash()} and {@link #limitProblems()} are
     * remembered in {@code body}, so another state over the same body instance with the same
     * name, parameters and tags (the next sync's, when the rendering was reused) computes neither.
     */
    public DesiredState(String stackName, TemplateBody body, Map<String, String> parameters, Map<String, String> tags) {
        this.stackName = stackName;
        this.body = body;
        this.templateBody = body.json();
        this.parameters = Map.copyOf(parameters);
        this.tags = Map.copyOf(tags);
    }

    public String stackName() {
        return stackName;
    }

    public String templateBody() {
        return templateBody;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DesiredState that && Objects.equals(stackName, that.stackName)
                && Objects.equals(templateBody, that.templateBody) && parameters.equals(that.parameters) && tags.equals(that.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stackName, templateBody, parameters, tags);
    }

    @Override
    public String toString() {
        return "DesiredState[stackName=" + stackName + ", templateBody=" + templateBody + ", parameters=" + parameters + ", tags=" + tags + "]";
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
        return new DesiredState(stackName, body, parameters, withBookkeeping);
    }

    /** What keeps the template from AWS ({@link io.rambla.render.RenderLimits#problems}); empty when it fits. */
    public List<String> limitProblems() {
        return body.problems(stackName);
    }

    public String hash() {
        String known = hash;
        if (known == null) {
            known = body.digest(new HashKey(stackName, parameters, tags), key -> digest());
            hash = known;
        }
        return known;
    }

    /** All that the hash covers besides the body. */
    private record HashKey(String stackName, Map<String, String> parameters, Map<String, String> tags) {}

    private String digest() {
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
