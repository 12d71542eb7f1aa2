package io.rambla.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Which infrastructure repository a daemon follows, as the {@code rambla:repository} tag on every
 * stack it makes says: {@code rambla.repository-id} when configured, otherwise the git URL without
 * credentials, query or fragment. Pure: no calls.
 *
 * @param value at most 256 characters of what AWS allows in a tag value
 */
public record RepositoryId(String value) {

    /** CloudFormation passes stack tags to resources; these are the characters every tagging service accepts. */
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{N} _.:/=+\\-@]{1,256}");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^\\p{L}\\p{N} _.:/=+\\-@]");
    private static final int MAX = 256;

    public RepositoryId {
        if (value == null || !TAG_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("a repository id is 1 to 256 letters, digits, spaces and _ . : / = + - @; got `"
                    + (value == null ? "null" : value.length() > 80 ? value.substring(0, 80) + "…" : value) + "`");
        }
    }

    /**
     * The identity to use: the configured one when set (it must be a valid tag value, else the
     * message says why), otherwise derived from the URL with {@link #fromUrl}.
     */
    public static RepositoryId of(String configured, String gitUrl) {
        if (configured != null && !configured.isBlank()) {
            try {
                return new RepositoryId(configured.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rambla.repository-id: " + e.getMessage(), e);
            }
        }
        return fromUrl(gitUrl);
    }

    /**
     * The git URL as an identity: user name and password, query and fragment dropped (so a token
     * written into the URL never becomes a tag); characters a tag cannot hold become {@code _};
     * a longer result keeps its end and a hash of the whole.
     */
    public static RepositoryId fromUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no repository: set rambla.git.url or rambla.repository-id");
        }
        String bare = withoutCredentials(url.strip());
        String cleaned = NOT_ALLOWED.matcher(bare).replaceAll("_");
        if (cleaned.length() > MAX) {
            String hash = sha256(bare).substring(0, 16);
            cleaned = hash + "-" + cleaned.substring(cleaned.length() - (MAX - hash.length() - 1));
        }
        return new RepositoryId(cleaned);
    }

    private static String withoutCredentials(String url) {
        int separator = url.indexOf("://");
        if (separator > 0) {
            String rest = url.substring(separator + 3);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash);
            int end = indexOfAny(path, "?#");
            return url.substring(0, separator) + "://" + authority.substring(authority.lastIndexOf('@') + 1)
                    + (end < 0 ? path : path.substring(0, end));
        }
        // scp-like (user:password@host:org/repo.git): keep the user, drop a password.
        int at = url.indexOf('@');
        int colon = url.indexOf(':');
        if (at > 0 && colon >= 0 && colon < at) {
            return url.substring(0, colon) + url.substring(at);
        }
        return url;
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
