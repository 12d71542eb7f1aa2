package io.rambla.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rambla.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A notification as the generic JSON webhook's body, and its signature. The body (version 1):
 * {@code id}, {@code event}, {@code unit}, {@code kind}, {@code stack}, {@code revision},
 * {@code appliedRevision}, {@code reason}, {@code occurredAt}, {@code link}; absent values are
 * JSON null. The signature is {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes with
 * the configured key, sent as {@value #SIGNATURE_HEADER}. Pure.
 */
public final class WebhookMessage {

    public static final String SIGNATURE_HEADER = "X-Rambla-Signature-256";
    public static final String EVENT_HEADER = "X-Rambla-Event";
    public static final String DELIVERY_HEADER = "X-Rambla-Delivery";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookMessage() {}

    public static String json(Notification n) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("id", n.id());
        root.put("event", n.event().key());
        root.put("unit", n.unitId());
        root.put("kind", n.kind());
        root.put("stack", n.stack());
        root.put("revision", n.revision());
        root.put("appliedRevision", n.appliedRevision());
        root.put("reason", n.reason());
        root.put("occurredAt", n.at().toString());
        root.put("link", n.link());
        return root.toString();
    }

    /** {@code sha256=<hex>}: the HMAC-SHA256 of {@code body} under {@code key}. */
    public static String signature(Secret key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
