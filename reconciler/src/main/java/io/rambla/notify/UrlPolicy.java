package io.rambla.notify;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Which webhook URLs the daemon posts to: https only, so a notification (and the signature beside
 * it) never crosses a network in clear. Plain http is accepted for one case: a loopback address
 * ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}), which never leaves the machine (a local
 * relay, or a test's WireMock). A URL with user info, one longer than {@value #MAX_LENGTH}
 * characters (a Slack webhook's is under 100; a secret may hold 64 KiB), or one holding a control
 * character or a space is refused. Errors never quote the URL: it is a secret.
 */
public final class UrlPolicy {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "[::1]", "::1");

    public static final int MAX_LENGTH = 2048;

    private UrlPolicy() {}

    /** Why {@code url} is refused, if it is. */
    public static Optional<String> problemWith(String url) {
        if (url == null) {
            return Optional.of("the URL does not parse");
        }
        if (url.strip().length() > MAX_LENGTH) {
            return Optional.of("the URL is " + url.strip().length() + " characters long; at most " + MAX_LENGTH);
        }
        if (url.strip().chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            return Optional.of("the URL holds a control character or a space");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return Optional.of("the URL does not parse");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("the URL must be https://host/path, without user info");
        }
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return Optional.empty();
        }
        return Optional.of("the URL must be https (plain http only to a loopback address), not " + (scheme.isEmpty() ? "(none)" : scheme));
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return LOOPBACK_NAMES.contains(h) || h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    }
}
