package io.rambla.render;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The desired state of one unit's stack: its name, its template, where its parameters come from
 * and the tags it carries.
 *
 * <p>A value like a record (equal when its four parts are equal, the template compared by its
 * written JSON), written as a class only so that
 * it can keep its {@link #templateBody()} once written: a template is immutable, its JSON is a pure
 * function of it, and a sync asks for the body of every unit several times (planning, the preflight
 * limits, the desired hash), as does the next sync when the unit's rendering was reused.
 */
public final class StackSpec {

    private final String stackName;
    /** Null once let go ({@link #withoutTemplate}): then only the written body is left. */
    private final Template template;
    private final Map<String, ParameterValue> parameters;
    private final Map<String, String> tags;
    /** The template's JSON, shared with the specs {@link #withTags} and {@link #withParameters} make of this one. */
    private final Body body;

    public StackSpec(String stackName, Template template, Map<String, ParameterValue> parameters, Map<String, String> tags) {
        this(stackName, template, parameters, tags, new Body(template));
    }

    private StackSpec(String stackName, Template template, Map<String, ParameterValue> parameters, Map<String, String> tags, Body body) {
        this.stackName = stackName;
        this.template = template;
        this.parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        this.tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        this.body = body;
    }

    /** This stack with other tags: the same template, whose body is written once for both. */
    public StackSpec withTags(Map<String, String> newTags) {
        return new StackSpec(stackName, template, parameters, newTags, body);
    }

    /**
     * This stack with its body written and its typed template let go, for keeping between syncs
     * ({@code RenderCache}): a sync needs only the body, and the tree is as large again. Equal to
     * this spec; {@link #template()} of it throws. The written body is shared, with what is
     * remembered of it.
     */
    public StackSpec withoutTemplate() {
        body.written();
        return new StackSpec(stackName, null, parameters, tags, body);
    }

    /** This stack with other parameter sources: the same template, whose body is written once for both. */
    public StackSpec withParameters(Map<String, ParameterValue> newParameters) {
        return new StackSpec(stackName, template, newParameters, tags, body);
    }

    public String stackName() {
        return stackName;
    }

    /** @throws IllegalStateException for a spec whose template was let go ({@link #withoutTemplate}) */
    public Template template() {
        if (template == null) {
            throw new IllegalStateException("the template of stack " + stackName + " was let go after its body was written");
        }
        return template;
    }

    public Map<String, ParameterValue> parameters() {
        return parameters;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public String templateBody() {
        return body.written().json();
    }

    /** The written body with what is remembered of it (its limits verdict, its digest); the same instance for this spec's life. */
    public TemplateBody writtenBody() {
        return body.written();
    }

    /** {@link TemplateWriter#toJson} of one template, written on first use; the template is let go once written. */
    private static final class Body {
        private Template template;
        private volatile TemplateBody written;

        Body(Template template) {
            this.template = template;
        }

        synchronized TemplateBody writtenOnce() {
            if (written == null) {
                written = new TemplateBody(TemplateWriter.toJson(template));
                template = null;
            }
            return written;
        }

        TemplateBody written() {
            TemplateBody known = written;
            return known != null ? known : writtenOnce();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StackSpec that && Objects.equals(stackName, that.stackName) && parameters.equals(that.parameters)
                && tags.equals(that.tags) && (body == that.body || templateBody().equals(that.templateBody()));
    }

    /** By the written body, which a spec without its template still has (writing it if need be). */
    @Override
    public int hashCode() {
        return Objects.hash(stackName, templateBody(), parameters, tags);
    }

    @Override
    public String toString() {
        return "StackSpec[stackName=" + stackName + ", template=" + (template == null ? "(let go)" : template) + ", parameters=" + parameters + ", tags=" + tags + "]";
    }
}
