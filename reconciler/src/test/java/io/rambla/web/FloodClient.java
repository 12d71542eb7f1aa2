package io.rambla.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Many HTTP requests at once from one thread: non-blocking sockets on a selector, as a flood from
 * another machine would look to the daemon, without hundreds of client threads competing with it
 * for the same CPU. Each connection sends its head and body as fast as the daemon reads, then
 * reads the status line; a connection the daemon closes or resets counts as {@code closed}.
 */
final class FloodClient {

    private final int port;
    private final byte[] body;

    /**
     * {@code FloodClient PORT CONNECTIONS ROUNDS BODY_BYTES}: runs a flood and prints its outcomes as
     * {@code status=count} lines. Started as a process of its own (at a low priority), the
     * attacker's own CPU cost stays out of the daemon's way, as it would from another machine.
     */
    public static void main(String[] args) throws IOException {
        byte[] body = new byte[Integer.parseInt(args[3])];
        java.util.Arrays.fill(body, (byte) '{');
        new FloodClient(Integer.parseInt(args[0]), body).run(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Duration.ofSeconds(120))
                .forEach((status, count) -> System.out.println(status + "=" + count));
    }

    /** Runs {@link #main} in a JVM of its own at the lowest CPU priority ({@code nice -n 19}); returns its outcomes. */
    static Map<String, Integer> inProcess(int port, int connections, int rounds, int bodyBytes) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("nice", "-n", "19",
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), FloodClient.class.getName(),
                Integer.toString(port), Integer.toString(connections), Integer.toString(rounds), Integer.toString(bodyBytes))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the flood client failed: " + output);
        }
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (String line : output.strip().split("\n")) {
            String[] pair = line.split("=");
            outcomes.put(pair[0], Integer.parseInt(pair[1]));
        }
        return outcomes;
    }

    FloodClient(int port, byte[] body) {
        this.port = port;
        this.body = body;
    }

    private final class Connection {
        final SocketChannel channel;
        final ByteBuffer head;
        final ByteBuffer payload = ByteBuffer.wrap(body);
        final ByteBuffer answer = ByteBuffer.allocate(64);

        Connection(boolean forged) throws IOException {
            StringBuilder text = new StringBuilder("POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nX-GitHub-Event: push\r\nContent-Length: " + body.length + "\r\n");
            if (forged) {
                text.append("X-GitHub-Delivery: ").append(UUID.randomUUID()).append("\r\n")
                        .append("X-Hub-Signature-256: sha256=").append("ab".repeat(32)).append("\r\n");
            }
            head = ByteBuffer.wrap(text.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
        }

        String status() {
            String text = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
            return text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? text.substring(9, 12) : "closed";
        }
    }

    /**
     * Keeps {@code concurrent} connections open until each has sent {@code rounds} requests (half
     * unsigned, half with a forged signature); returns how many ended with each status.
     */
    Map<String, Integer> run(int concurrent, int rounds, Duration limit) throws IOException {
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + limit.toNanos();
        int started = 0;
        int total = concurrent * rounds;
        try (Selector selector = Selector.open()) {
            for (; started < concurrent; started++) {
                register(selector, new Connection(started % 2 == 1));
            }
            int finished = 0;
            while (finished < total) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the flood did not end within " + limit + ": " + finished + " of " + total + " done");
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    if (step(key, connection)) {
                        outcomes.merge(connection.status(), 1, Integer::sum);
                        key.cancel();
                        connection.channel.close();
                        finished++;
                        if (started < total) {
                            register(selector, new Connection(started % 2 == 1));
                            started++;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        return outcomes;
    }

    private static void register(Selector selector, Connection connection) throws IOException {
        connection.channel.register(selector, SelectionKey.OP_CONNECT, connection);
    }

    /** Moves one connection on; true when it is over (answered, closed or reset). */
    private static boolean step(SelectionKey key, Connection connection) {
        try {
            if (key.isConnectable()) {
                connection.channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                return false;
            }
            if (key.isReadable()) {
                int read = connection.channel.read(connection.answer);
                if (read < 0 || connection.answer.position() >= 12) {
                    return true;
                }
            }
            if (key.isValid() && key.isWritable()) {
                if (connection.head.hasRemaining()) {
                    connection.channel.write(connection.head);
                } else if (connection.payload.hasRemaining()) {
                    connection.channel.write(connection.payload);
                } else {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
