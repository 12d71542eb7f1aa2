package io.rambla.plan;

import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.render.StackSpec;
import io.rambla.render.StackTags;
import io.rambla.render.Template;
import io.rambla.render.Unit;
import io.rambla.schema.AppEnvironment;
import io.rambla.schema.Application;
import io.rambla.schema.Defaults;
import io.rambla.schema.District;
import io.rambla.schema.InfraRepository;
import io.rambla.schema.Listener;
import io.rambla.schema.Review;
import io.rambla.schema.Service;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Review apps, Barcelona's {@code review:} section run for a pull request. Pure: values in, values
 * out; no calls, no clock (the caller passes {@code now}).
 *
 * <p>{@link #decide} says, from the open pull requests (their labels, heads and forks) and the
 * review stacks standing, which pull requests get an app, which apps go, and which pull requests
 * wait for a free slot. {@link #units} turns one pull request's head into its review units: an app
 * environment per application with a {@code review:} section, on its review group's district and
 * endpoint, routed by host name {@code <pull request>-<application>.<base_domain>}.
 *
 * <p>A review stack is named {@code <prefix>-review-<application>-pr<N>} and claims unit
 * {@code review/<application>/pr<N>} with the usual ownership tags, so the sync's pruning leaves it
 * to review apps, another unit's or repository's stack is never touched, and a restarted daemon
 * finds its review stacks from AWS alone. What review apps need to remember (the pull request, the
 * rule priority, when the current head was first deployed) lives in the stack's outputs.
 */
public final class ReviewApps {

    /** Every review unit id starts with this; no other unit's does. */
    public static final String UNIT_PREFIX = "review/";
    public static final String OUTPUT_PULL_REQUEST = "RamblaReviewPullRequest";
    public static final String OUTPUT_RULE_PRIORITY = "RamblaReviewRulePriority";
    public static final String OUTPUT_SINCE = "RamblaReviewSince";
    public static final String OUTPUT_URL = "RamblaReviewUrl";

    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final int MAX_STACK_NAME = 128;
    private static final int MAX_HOST_LABEL = 63;
    private static final int MAX_HOST_HEADER = 128;
    private static final int PRIORITIES = 50_000;

    private ReviewApps() {}

    /**
     * @param label   the label a maintainer puts on a pull request to get review apps; {@code <label>:<tag>} also sets the image tag
     * @param maxApps how many pull requests may have review apps at once
     * @param ttl     how long a review app lives after the push it runs, unless pushed to again
     */
    public record Settings(String label, int maxApps, Duration ttl) {
        public Settings {
            if (label == null || label.isBlank() || label.length() > 50 || label.contains(":")) {
                throw new IllegalArgumentException("the review-app label must be 1 to 50 characters without `:`, got `" + label + "`");
            }
            if (maxApps < 0) {
                throw new IllegalArgumentException("the cap on review apps must be 0 or more, got " + maxApps);
            }
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("the review-app time to live must be positive, got " + ttl);
            }
        }
    }

    /** An open pull request as the git host lists it: a fork's head is never deployed. */
    public record PullRequestInfo(int number, String headSha, Set<String> labels, boolean fromFork) {
        public PullRequestInfo {
            labels = Set.copyOf(labels);
        }
    }

    /** A review app's stack, as listed. {@code since} is when its current head was first deployed; null when unknown. */
    public record Standing(String stackName, String unitId, int pullRequest, String app, String headSha, Integer rulePriority,
            Instant since) {}

    /** Why a review app goes. */
    public enum Reason {
        CLOSED("the pull request was closed or merged"),
        UNLABELLED("the label was removed"),
        EXPIRED("it outlived its time to live"),
        FORK("the pull request comes from a fork");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** What one pull request's review apps need. */
    public sealed interface Verdict {
        int pullRequest();

        /** Deploy the head: no app stands yet, or the pull request moved on. */
        record Deploy(PullRequestInfo pr, String imageTag) implements Verdict {
            public int pullRequest() { return pr.number(); }
        }

        /** Its apps run the head already. */
        record Current(PullRequestInfo pr, List<Standing> apps) implements Verdict {
            public int pullRequest() { return pr.number(); }
        }

        /** Delete this stack. */
        record Remove(int pullRequest, Standing stack, Reason reason) implements Verdict {}

        /** No review app for this labelled pull request; {@code message} says why, for its comment. */
        record Refuse(PullRequestInfo pr, String message) implements Verdict {
            public int pullRequest() { return pr.number(); }
        }
    }

    /** Whether a unit id is a review app's: the sync neither plans nor prunes such stacks. */
    public static boolean isReviewUnit(String unitId) {
        return unitId != null && unitId.startsWith(UNIT_PREFIX);
    }

    /** The review unit of an application's app for a pull request. */
    public static String unitId(String app, int pullRequest) {
        return UNIT_PREFIX + app + "/pr" + pullRequest;
    }

    /** {@code <prefix>-review-<application>-pr<N>}. */
    public static String stackName(String stackPrefix, String app, int pullRequest) {
        return stackPrefix + "-review-" + app + "-pr" + pullRequest;
    }

    /**
     * The stack as a review app of this repository, when it is one: made by Rambla, claiming a
     * review unit whose name it carries ({@code <prefix>-review-<app>-pr<N>}), tagged for this
     * repository (a review stack is never adopted: it has the tag from its first deployment), and
     * not deleted.
     */
    public static Optional<Standing> standing(LiveStack stack, RepositoryId repository) {
        String unit = stack.tag(StackTags.UNIT);
        if (!isReviewUnit(unit) || repository == null || !repository.value().equals(stack.tag(StackTags.REPOSITORY))
                || !"rambla".equals(stack.tag(StackTags.MANAGED_BY)) || stack.deleted() || stack.stackStatus().deleting()) {
            return Optional.empty();
        }
        String[] parts = unit.substring(UNIT_PREFIX.length()).split("/");
        if (parts.length != 2 || !parts[1].matches("pr[1-9][0-9]{0,8}") || !stack.name().endsWith("-review-" + parts[0] + "-" + parts[1])) {
            return Optional.empty();
        }
        int pr = Integer.parseInt(parts[1].substring(2));
        Integer priority = integer(stack.outputs().get(OUTPUT_RULE_PRIORITY));
        Instant since = null;
        try {
            String value = stack.outputs().get(OUTPUT_SINCE);
            since = value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            since = null;
        }
        return Optional.of(new Standing(stack.name(), unit, pr, parts[0], stack.tag(StackTags.COMMIT), priority, since));
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Each pull request's verdict, by pull request number; stacks of pull requests no longer open
     * are removed. Pull requests that already have apps keep their slot; the others are admitted
     * in number order while fewer than {@code maxApps} pull requests have apps.
     */
    public static List<Verdict> decide(Settings settings, List<PullRequestInfo> open, List<Standing> standing, Instant now) {
        Map<Integer, List<Standing>> byPr = new TreeMap<>();
        standing.forEach(s -> byPr.computeIfAbsent(s.pullRequest(), n -> new ArrayList<>()).add(s));
        Map<Integer, PullRequestInfo> openByNumber = new TreeMap<>();
        open.forEach(pr -> openByNumber.put(pr.number(), pr));
        List<Verdict> verdicts = new ArrayList<>();
        byPr.forEach((number, stacks) -> {
            if (!openByNumber.containsKey(number)) {
                stacks.forEach(s -> verdicts.add(new Verdict.Remove(number, s, Reason.CLOSED)));
            }
        });
        List<PullRequestInfo> waiting = new ArrayList<>();
        int used = 0;
        for (PullRequestInfo pr : openByNumber.values()) {
            List<Standing> stacks = byPr.getOrDefault(pr.number(), List.of());
            Optional<String> tag = labelled(pr, settings.label());
            if (tag.isEmpty()) {
                stacks.forEach(s -> verdicts.add(new Verdict.Remove(pr.number(), s, Reason.UNLABELLED)));
                continue;
            }
            if (pr.fromFork()) {
                stacks.forEach(s -> verdicts.add(new Verdict.Remove(pr.number(), s, Reason.FORK)));
                verdicts.add(new Verdict.Refuse(pr, "This pull request comes from a fork: Rambla never deploys a fork's"
                        + " content as a review app, whoever labels it."));
                continue;
            }
            String imageTag = tag.get();
            if (!IMAGE_TAG.matcher(imageTag).matches()) {
                verdicts.add(new Verdict.Refuse(pr, "The label asks for image tag `" + printable(imageTag)
                        + "`, which is not a Docker image tag (letters, digits, `_`, `.`, `-`, at most 128)."));
                continue;
            }
            if (stacks.isEmpty()) {
                waiting.add(pr);
                continue;
            }
            boolean expired = stacks.stream().anyMatch(s -> s.since() != null && s.since().plus(settings.ttl()).isBefore(now));
            if (expired) {
                stacks.forEach(s -> verdicts.add(new Verdict.Remove(pr.number(), s, Reason.EXPIRED)));
                continue;
            }
            used++;
            boolean current = stacks.stream().allMatch(s -> pr.headSha().equalsIgnoreCase(String.valueOf(s.headSha())));
            verdicts.add(current ? new Verdict.Current(pr, List.copyOf(stacks)) : new Verdict.Deploy(pr, imageTag));
        }
        for (PullRequestInfo pr : waiting) {
            if (used < settings.maxApps()) {
                used++;
                verdicts.add(new Verdict.Deploy(pr, labelled(pr, settings.label()).orElseThrow()));
            } else {
                verdicts.add(new Verdict.Refuse(pr, "No review app: " + settings.maxApps() + " of " + settings.maxApps()
                        + " review apps are running (the cap, `rambla.review-apps.max-apps`). This pull request gets one"
                        + " once another closes, loses its label or expires."));
            }
        }
        verdicts.sort(Comparator.comparingInt(Verdict::pullRequest));
        return verdicts;
    }

    /**
     * The image tag a labelled pull request asks for: {@code <label>:<tag>} names one, the bare
     * label takes the head commit's sha; empty when the pull request does not carry the label.
     */
    static Optional<String> labelled(PullRequestInfo pr, String label) {
        Optional<String> tagged = pr.labels().stream().filter(l -> l.startsWith(label + ":")).sorted().findFirst()
                .map(l -> l.substring(label.length() + 1));
        if (tagged.isPresent()) {
            return tagged;
        }
        return pr.labels().contains(label) ? Optional.of(pr.headSha()) : Optional.empty();
    }

    /** One application's review app for a pull request. */
    public record ReviewUnit(int pullRequest, String app, String host, String url, int rulePriority, RenderedUnit rendered) {}

    /** An application whose review app cannot be made, and why. */
    public record Problem(String app, String message) {}

    /** One pull request's review units, and the applications that get none. */
    public record Units(List<ReviewUnit> units, List<Problem> problems) {
        public Units {
            units = List.copyOf(units);
            problems = List.copyOf(problems);
        }
    }

    /**
     * The review units of a pull request's head: one per application with a {@code review:}
     * section. Each keeps the rule priority its standing stack has; a new one takes Barcelona's
     * (from a hash of group and subject) or the next one free on the endpoint, among the
     * repository's listeners and every standing review app.
     *
     * @param head      the repository at the pull request's head
     * @param standing  every standing review app (for priorities, and when the head was first deployed)
     * @param repository tagged on the stacks, as the sync does
     */
    public static Units units(InfraRepository head, int pullRequest, String headSha, String imageTag, List<Standing> standing,
            Instant now, RepositoryId repository) {
        String prefix = head.settings() == null ? Defaults.SETTINGS.stackPrefix() : head.settings().stackPrefix();
        Set<Integer> taken = new HashSet<>();
        standing.forEach(s -> {
            if (s.rulePriority() != null) {
                taken.add(s.rulePriority());
            }
        });
        List<ReviewUnit> units = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> hosts = new HashSet<>();
        for (Application application : head.applications()) {
            Review review = application.review();
            if (review == null) {
                continue;
            }
            String app = application.name();
            String stackName = stackName(prefix, app, pullRequest);
            String environment = "review-pr" + pullRequest;
            Optional<District> district = head.districts().stream().filter(d -> d.name().equals(review.district())).findFirst();
            Optional<District.ReviewGroup> group = district.flatMap(d -> d.reviewGroups().stream()
                    .filter(g -> g.name().equals(review.group())).findFirst());
            String subject = pullRequest + "-" + app.toLowerCase(Locale.ROOT);
            String host = group.map(g -> subject + "." + g.baseDomain()).orElse("");
            if (group.isEmpty()) {
                problems.add(new Problem(app, "review group `" + review.group() + "` is not in district `" + review.district() + "`"));
                continue;
            }
            if (application.environments().stream().anyMatch(e -> e.environment().equalsIgnoreCase(environment))) {
                problems.add(new Problem(app, "the application has an environment named `" + environment
                        + "`, which a review app's units would collide with; rename the environment"));
                continue;
            }
            if (stackName.length() > MAX_STACK_NAME || subject.length() > MAX_HOST_LABEL || host.length() > MAX_HOST_HEADER) {
                problems.add(new Problem(app, "the stack name " + stackName + " or the host name " + host
                        + " is too long for AWS (stack names 128 characters, host labels 63, host headers 128)"));
                continue;
            }
            if (!hosts.add(host)) {
                problems.add(new Problem(app, "host name " + host + " is another application's too (names differ only in case)"));
                continue;
            }
            Optional<Standing> own = standing.stream().filter(s -> s.stackName().equals(stackName)).findFirst();
            Set<Integer> used = new HashSet<>(taken);
            own.map(Standing::rulePriority).ifPresent(used::remove);
            listenerPriorities(head, review.district(), group.get().endpoint()).forEach(used::add);
            int priority = own.map(Standing::rulePriority).filter(p -> !used.contains(p))
                    .orElseGet(() -> freePriority(review.group() + "---" + subject, used));
            taken.add(priority);
            Instant since = own.filter(s -> headSha.equalsIgnoreCase(String.valueOf(s.headSha()))).map(Standing::since).orElse(now);
            String url = (endpointHasCertificate(district.get(), group.get().endpoint()) ? "https://" : "http://") + host;
            AppEnvironment env = environment(app, environment, review, group.get(), host, priority, imageTag);
            Application single = new Application(app, application.file(), List.of(env));
            RenderedUnit rendered = new Renderer(prefix).render(new Unit.AppEnvironmentUnit(single, env, district.get()));
            units.add(new ReviewUnit(pullRequest, app, host, url, priority,
                    reviewStack(rendered, stackName, unitId(app, pullRequest), pullRequest, priority, since, url, repository)));
        }
        return new Units(units, problems);
    }

    private static AppEnvironment environment(String app, String environment, Review review, District.ReviewGroup group,
            String host, int priority, String imageTag) {
        List<Service> services = review.services().stream().map(s -> !s.web() ? s : new Service(s.name(), s.serviceType(), s.cpu(),
                s.memory(), s.command(), s.forceSsl(), s.webContainerPort(), s.desiredCount(), s.autoScaling(),
                List.of(new Listener(group.endpoint(), Defaults.HEALTH_CHECK_PATH, Defaults.HEALTH_CHECK_INTERVAL,
                        Defaults.HEALTH_CHECK_TIMEOUT, Defaults.HEALTHY_THRESHOLD, Defaults.UNHEALTHY_THRESHOLD, priority,
                        List.of(new Listener.RuleCondition("host-header", host)))),
                s.fargateSpot())).toList();
        return new AppEnvironment(environment, app + "-" + environment, review.district(), review.imageName(), imageTag,
                review.beforeDeploy(), services, review.environmentVariables(), List.of());
    }

    /** The rendered app environment as a review stack: its own name and unit, and what review apps remember in its outputs. */
    private static RenderedUnit reviewStack(RenderedUnit rendered, String stackName, String unitId, int pullRequest, int priority,
            Instant since, String url, RepositoryId repository) {
        StackSpec spec = rendered.stack();
        Map<String, Template.Output> outputs = new LinkedHashMap<>(spec.template().outputs());
        outputs.put(OUTPUT_PULL_REQUEST, new Template.Output("The pull request this review app runs", Integer.toString(pullRequest)));
        outputs.put(OUTPUT_RULE_PRIORITY, new Template.Output("The listener rule priority it holds on its endpoint", Integer.toString(priority)));
        outputs.put(OUTPUT_SINCE, new Template.Output("When the pull request's current head was first deployed", since.toString()));
        outputs.put(OUTPUT_URL, new Template.Output("Where the review app answers", url));
        Template template = new Template(spec.template().description(), spec.template().parameters(), spec.template().conditions(),
                spec.template().resources(), outputs);
        Map<String, String> tags = new LinkedHashMap<>(spec.tags());
        tags.put(StackTags.UNIT, unitId);
        if (repository != null) {
            tags.put(StackTags.REPOSITORY, repository.value());
        }
        return new RenderedUnit(rendered.unit(), new StackSpec(stackName, template, spec.parameters(), tags));
    }

    private static List<Integer> listenerPriorities(InfraRepository repository, String district, String endpoint) {
        return repository.applications().stream()
                .flatMap(a -> a.environments().stream())
                .filter(e -> district.equals(e.district()))
                .flatMap(e -> e.services().stream())
                .flatMap(s -> s.listeners().stream())
                .filter(l -> endpoint.equals(l.endpoint()))
                .map(Listener::rulePriority)
                .toList();
    }

    private static boolean endpointHasCertificate(District district, String endpoint) {
        return district.endpoints().stream().anyMatch(e -> e.name().equals(endpoint) && e.certificateArn() != null);
    }

    /** Barcelona's priority, {@code (first 8 hex digits of sha256(slug)) mod 50000 + 1}, or the next one free after it. */
    static int freePriority(String slug, Set<Integer> used) {
        long start = Long.parseLong(sha256(slug).substring(0, 8), 16) % PRIORITIES;
        for (int i = 0; i < PRIORITIES; i++) {
            int candidate = (int) ((start + i) % PRIORITIES) + 1;
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("every listener rule priority of the endpoint is taken");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A label's text for a comment: printable ASCII only, at most 60 characters, no backticks. */
    private static String printable(String text) {
        String cleaned = text.replaceAll("[^\\x21-\\x7e]|`", "?");
        return cleaned.length() > 60 ? cleaned.substring(0, 60) + "…" : cleaned;
    }
}
