package io.rambla.notify;

import java.time.Duration;

/** What came of one attempt to send: done, try again after a while, or give up. */
public sealed interface Verdict {

    record Delivered() implements Verdict {}

    record Retry(Duration after, String why) implements Verdict {}

    record GiveUp(String why) implements Verdict {}
}
