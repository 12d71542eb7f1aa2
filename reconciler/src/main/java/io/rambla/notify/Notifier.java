package io.rambla.notify;

import io.rambla.drift.StackDrift;
import io.rambla.render.Unit;
import io.rambla.schema.District;
import io.rambla.schema.District.NotificationEvent;
import io.rambla.status.DriftListener;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns what the sync and the drift watch report into notifications, and queues them: a unit
 * failed, recovered (applied after a failure), was applied (the stack now names the commit), or
 * drifted. Each goes to the targets of the unit's district ({@code notifications} in its file) and
 * to the daemon's own, when they want that event. The same unit, event and revision is sent once
 * (the last {@value #REMEMBERED} are remembered). On the sync's thread it only looks up and
 * queues; the sending is {@link NotificationOutbox}'s.
 */
public final class Notifier implements SyncListener, DriftListener {

    static final int REMEMBERED = 10_000;

    private final NotificationOutbox outbox;
    private final List<Target> daemonTargets;
    private final Function<District, List<Target>> districtTargets;
    private final Function<Unit.AppEnvironmentUnit, List<Target>> appTargets;
    private final String linkBase;
    private final Clock clock;
    /** Each unit's district as the last rendered revision declared it. */
    private final Map<String, District> districts = new ConcurrentHashMap<>();
    /** Each app environment's own targets (Barcelona's {@code slack_url}), as the last rendered revision declared them. */
    private final Map<String, List<Target>> ownTargets = new ConcurrentHashMap<>();
    /** The targets of each district's notifications block, built once per block. */
    private final Map<List<Object>, List<Target>> targetsByBlock = new ConcurrentHashMap<>();
    /** The last final state each unit reached (FAILED or APPLIED), for recoveries. */
    private final Map<String, UnitState> lastFinal = new ConcurrentHashMap<>();
    private final Map<String, Boolean> sent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param districtTargets the targets a district's notifications block names (its secrets read when sending)
     * @param linkBase        the daemon's public base URL, for the link to a unit's page; null for no link
     */
    public Notifier(NotificationOutbox outbox, List<Target> daemonTargets, Function<District, List<Target>> districtTargets,
            String linkBase, Clock clock) {
        this(outbox, daemonTargets, districtTargets, app -> List.of(), linkBase, clock);
    }

    /** @param appTargets an app environment's own targets: its {@code slack_url} secret ({@link #targetsOf(Unit.AppEnvironmentUnit, SecretLookup)}) */
    public Notifier(NotificationOutbox outbox, List<Target> daemonTargets, Function<District, List<Target>> districtTargets,
            Function<Unit.AppEnvironmentUnit, List<Target>> appTargets, String linkBase, Clock clock) {
        this.appTargets = appTargets;
        this.outbox = outbox;
        this.daemonTargets = List.copyOf(daemonTargets);
        this.districtTargets = districtTargets;
        this.linkBase = linkBase == null ? null : linkBase.endsWith("/") ? linkBase.substring(0, linkBase.length() - 1) : linkBase;
        this.clock = clock;
    }

    @Override
    public void unitsRendered(String revision, List<Unit> units) {
        for (Unit unit : units) {
            districts.put(unit.id(), districtOf(unit));
            if (unit instanceof Unit.AppEnvironmentUnit app && app.environment().slackUrlSecret() != null) {
                ownTargets.put(unit.id(), appTargets.apply(app));
            } else {
                ownTargets.remove(unit.id());
            }
        }
    }

    @Override
    public void unitChanged(String revision, UnitStatus status) {
        if (!Transitions.isFinal(status.state())) {
            return;
        }
        UnitState previous = lastFinal.put(status.id(), status.state());
        Transitions.of(previous, status, revision).ifPresent(event -> send(new Notification(event, status.id(), status.kind(),
                status.stack(), revision, status.lastAppliedRevision(), event == NotificationEvent.FAILED || event == NotificationEvent.AWAITING_APPROVAL ? status.message() : null,
                clock.instant(), link(status.id()))));
    }

    @Override
    public void driftFound(UnitStatus status, StackDrift found, StackDrift drift) {
        String resources = found.resources().stream()
                .map(r -> r.logicalId() + " (" + r.type() + ") " + r.status().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", "));
        String reason = resources + (drift.message() == null ? "" : "; " + drift.message());
        String revision = status.lastAppliedRevision() != null ? status.lastAppliedRevision() : status.lastAttemptedRevision();
        send(new Notification(NotificationEvent.DRIFT, status.id(), status.kind(), status.stack(), revision,
                status.lastAppliedRevision(), reason, clock.instant(), link(status.id())));
    }

    private void send(Notification notification) {
        List<Target> targets = targetsFor(notification.unitId()).stream().filter(t -> t.wants(notification.event())).toList();
        if (targets.isEmpty()) {
            return;
        }
        synchronized (sent) {
            if (sent.put(notification.key(), Boolean.TRUE) != null) {
                return;
            }
        }
        targets.forEach(target -> outbox.offer(notification, target));
    }

    /** The unit's own (an app environment's {@code slack_url}), its district's, then the daemon's. */
    List<Target> targetsFor(String unitId) {
        List<Target> targets = new ArrayList<>(ownTargets.getOrDefault(unitId, List.of()));
        Optional.ofNullable(districts.get(unitId)).filter(d -> d.notifications() != null)
                .ifPresent(d -> targets.addAll(targetsByBlock.computeIfAbsent(List.of(d.name(), d.notifications()), k -> districtTargets.apply(d))));
        targets.addAll(daemonTargets);
        return targets;
    }

    private String link(String unitId) {
        if (linkBase == null) {
            return null;
        }
        return linkBase + "/units/" + URLEncoder.encode(unitId, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
    }

    static District districtOf(Unit unit) {
        if (unit instanceof Unit.DistrictUnit d) {
            return d.district();
        }
        if (unit instanceof Unit.EndpointUnit e) {
            return e.district();
        }
        return ((Unit.AppEnvironmentUnit) unit).district();
    }

    /**
     * An app environment's own Slack target, from Barcelona's {@code slack_url} naming a secret: the
     * events its district's block asks for, or the default ones when the district has none.
     */
    public static List<Target> targetsOf(Unit.AppEnvironmentUnit app, SecretLookup secrets) {
        String reference = app.environment().slackUrlSecret();
        if (reference == null) {
            return List.of();
        }
        List<NotificationEvent> events = app.district().notifications() != null ? app.district().notifications().events()
                : io.rambla.schema.Defaults.NOTIFICATION_EVENTS;
        return List.of(new Target("slack of " + app.id(), Target.Kind.SLACK, () -> secrets.read(reference), null, events));
    }

    /** The targets a district's block names, reading its secrets through {@code secrets} when sending. */
    public static List<Target> targetsOf(District district, SecretLookup secrets) {
        District.Notifications n = district.notifications();
        if (n == null) {
            return List.of();
        }
        List<Target> targets = new ArrayList<>();
        if (n.slackWebhookUrlSecret() != null) {
            targets.add(new Target("slack of district " + district.name(), Target.Kind.SLACK,
                    () -> secrets.read(n.slackWebhookUrlSecret()), null, n.events()));
        }
        if (n.webhookUrlSecret() != null) {
            targets.add(new Target("webhook of district " + district.name(), Target.Kind.WEBHOOK,
                    () -> secrets.read(n.webhookUrlSecret()), () -> secrets.read(n.webhookSigningSecret()), n.events()));
        }
        return targets;
    }
}
