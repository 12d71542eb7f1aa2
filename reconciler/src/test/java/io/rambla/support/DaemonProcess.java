package io.rambla.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real {@code rambla serve} in a JVM of its own, as an operator starts it: configured by system
 * properties, logging to a file, and killed without warning when a test wants it dead.
 */
public final class DaemonProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private DaemonProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static DaemonProcess start(String name, Path folder, Map<String, String> properties) throws IOException {
        return start(name, folder, properties, List.of("-XX:TieredStopAtLevel=1", "-Xmx256m", "-XX:+UseSerialGC"));
    }

    /** With the JVM options given instead of the defaults, e.g. the ones {@code deploy/} runs the daemon with. */
    public static DaemonProcess start(String name, Path folder, Map<String, String> properties, List<String> javaOptions) throws IOException {
        return start(name, folder, properties, javaOptions, Map.of());
    }

    /** With environment variables too, as a shell line such as {@code NAME=value ./rambla serve} sets them. */
    public static DaemonProcess start(String name, Path folder, Map<String, String> properties, List<String> javaOptions,
            Map<String, String> environment) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dmicronaut.server.port=" + port);
        command.add("io.rambla.cli.Main");
        command.add("serve");
        Path log = folder.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new DaemonProcess(name, process, log, port);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Resident memory from {@code /proc/<pid>/status} (VmRSS), in bytes; -1 once the process is gone. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    public boolean healthy() {
        try {
            return get("/health").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The unit as {@code GET /api/units} shows it, or empty when this daemon has not seen it (or is dead). */
    public Optional<Map<String, Object>> unit(String id) {
        try {
            HttpResponse<String> response = get("/api/units");
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            List<Map<String, Object>> units = JSON.readValue(response.body(), new TypeReference<>() {});
            return units.stream().filter(u -> id.equals(u.get("id"))).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A JSON object this daemon answers with at {@code path}, or empty when it does not answer 200. */
    public Optional<Map<String, Object>> json(String path) {
        try {
            HttpResponse<String> response = get(path);
            return response.statusCode() == 200 ? Optional.of(JSON.readValue(response.body(), new TypeReference<>() {})) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The body this daemon answers with at {@code path}, whatever its status. */
    public String text(String path) throws IOException {
        return get(path).body();
    }

    public int requestSync(String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sync?reason=test"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
