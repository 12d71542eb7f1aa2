package io.rambla.notify;

import io.rambla.schema.District.NotificationEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One thing worth telling people about a unit: it failed, recovered, was applied or drifted.
 * Everything in it may come from git or from AWS (unit ids, stack names, CloudFormation's
 * reasons): the messages built from it escape it, never trust it.
 *
 * @param revision        the commit the event is about (for drift: the revision the stack was applied from)
 * @param appliedRevision the commit the stack last applied, null when none
 * @param reason          what CloudFormation or the drift check said; null when there is nothing to add
 * @param link            the unit's page on the daemon, null when not known
 */
public record Notification(NotificationEvent event, String unitId, String kind, String stack, String revision,
        String appliedRevision, String reason, Instant at, String link) {

    /** What makes two notifications the same one: unit, event and revision; sent once. */
    public String key() {
        return event.key() + "|" + unitId + "|" + revision;
    }

    /** A stable id of {@link #key()}, for receivers that de-duplicate too (the webhook's {@code id}). */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first seven characters of a revision, as git shows it. */
    static String shortRevision(String revision) {
        return revision == null ? "(none)" : revision.length() > 7 ? revision.substring(0, 7) : revision;
    }

    /** A past-tense verb for the event: "failed", "recovered", "applied", "drifted", "is awaiting approval". */
    String verb() {
        return switch (event) {
            case FAILED -> "failed";
            case RECOVERED -> "recovered";
            case APPLIED -> "applied";
            case DRIFT -> "drifted";
            case AWAITING_APPROVAL -> "is awaiting approval";
        };
    }
}
