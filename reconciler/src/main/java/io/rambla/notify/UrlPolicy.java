package io.rambla.notify;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Which webhook URLs the daemon posts to: https only, so a notification (and the signature beside
 * it) never crosses a network in clear. Plain http is accepted for one case: a loopback address
 * ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}), which never leaves the machine (a local
 * relay, or a test's WireMock). A URL with user info is refused. Errors never quote the URL: it is
 * a secret.
 */
public final class UrlPolicy {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "[::1]", "::1");

    private UrlPolicy() {}

    /** Why {@code url} is refused, if it is. */
    public static Optional<String> problemWith(String url) {
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
