package io.rambla.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Posts a body to a URL and says what came back: the one place notifications touch the network. */
public interface Sender {

    record Response(int status, Optional<String> retryAfter) {}

    Response post(URI url, Map<String, String> headers, byte[] body) throws IOException, InterruptedException;

    /** The JDK's HTTP client, no redirects followed (a redirect could carry the body elsewhere), with a timeout per request. */
    static Sender http(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        return (url, headers, body) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new Response(response.statusCode(), response.headers().firstValue("Retry-After"));
        };
    }
}
