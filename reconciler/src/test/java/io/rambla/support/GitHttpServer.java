package io.rambla.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A git host over HTTP: git's own smart-HTTP CGI, {@code git http-backend}, behind a server that
 * demands basic authentication with one user and token, as GitHub does for a private repository.
 * Serves every bare repository under {@code root} at {@code http://127.0.0.1:PORT/<name>.git}.
 * Plain HTTP: TLS would only wrap the same {@code Authorization} header.
 */
public final class GitHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Path root;
    private final String expectedAuthorization;

    private GitHttpServer(Path root, String username, String token) throws IOException {
        this.root = root;
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static GitHttpServer start(Path root, String username, String token) throws IOException {
        return new GitHttpServer(root, username, token);
    }

    public String url(String repository) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            runBackend(exchange);
        }
    }

    /** Runs one CGI request: headers in the environment, the body on stdin, "Status:" and headers then the body on stdout. */
    private void runBackend(HttpExchange exchange) throws IOException {
        var request = exchange.getRequestHeaders();
        var process = new ProcessBuilder("git", "http-backend").redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = process.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        env.put("REMOTE_USER", "rambla");
        env.put("REMOTE_ADDR", "127.0.0.1");
        putIfPresent(env, "CONTENT_TYPE", request.getFirst("Content-Type"));
        putIfPresent(env, "CONTENT_LENGTH", request.getFirst("Content-Length"));
        putIfPresent(env, "HTTP_CONTENT_ENCODING", request.getFirst("Content-Encoding"));
        putIfPresent(env, "GIT_PROTOCOL", request.getFirst("Git-Protocol"));
        Process backend = process.start();
        Thread body = new Thread(() -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = backend.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the backend stopped reading; its answer says why
            }
        }, "git-http-request-body");
        body.start();
        try (InputStream out = new BufferedInputStream(backend.getInputStream())) {
            int status = 200;
            for (String line = readLine(out); !line.isEmpty(); line = readLine(out)) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            out.transferTo(exchange.getResponseBody());
        }
        try {
            body.join();
            backend.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void putIfPresent(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
