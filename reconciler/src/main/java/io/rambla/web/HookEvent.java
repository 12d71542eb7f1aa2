package io.rambla.web;

import io.rambla.web.Webhooks.Outcome;

/**
 * What a verified delivery asks for, as a host's {@link WebhookDialect} reads it; {@link Webhooks}
 * acts on it the same way for every host.
 */
sealed interface HookEvent {

    /** Nothing to act on: the host's parser has the answer already (a malformed payload, an event ignored). */
    record Answer(Outcome outcome) implements HookEvent {}

    /** A push to {@code ref} (a full ref name) leaving it at {@code after}; {@code deleted} when it removed the branch. */
    record Push(String ref, String after, boolean deleted) implements HookEvent {}

    /** A pull request to plan at {@code head}, unless its {@code base} branch is not the tracked one (empty: unknown). */
    record Plan(Request request, String head, String base, boolean labelsChanged) implements HookEvent {}

    /** A pull request closed or merged. */
    record Closed(Request request) implements HookEvent {}

    /** A label put on or taken off; {@code note} ends the answer ("labeled", "labels changed"). */
    record LabelsChanged(Request request, String note) implements HookEvent {}

    /**
     * A pull request as the host names it: "pull request #4" or GitLab's "merge request !4".
     *
     * @param noun  "pull request" or "merge request"
     * @param sigil '#' or '!'
     */
    record Request(String noun, char sigil, int number) {
        static Request pull(int number) {
            return new Request("pull request", '#', number);
        }

        static Request merge(int number) {
            return new Request("merge request", '!', number);
        }

        /** "#4" or "!4". */
        String reference() {
            return sigil + String.valueOf(number);
        }

        @Override
        public String toString() {
            return noun + " " + reference();
        }
    }

    static Answer answer(int status, String result) {
        return new Answer(new Outcome(status, result));
    }

    static Answer ignored(String event) {
        return answer(202, "event " + event + " acknowledged and ignored");
    }
}
