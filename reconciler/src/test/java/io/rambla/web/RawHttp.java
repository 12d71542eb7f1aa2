package io.rambla.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A client that writes HTTP by hand, so a test can stop halfway through a request as an attacker does. */
final class RawHttp implements AutoCloseable {

    /** What came back: the status line's code (0 when the connection closed without one) and everything read. */
    record Answer(int status, String text, boolean closed) {}

    private final Socket socket;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
    }

    /** Sends a request's head: {@code POST path HTTP/1.1}, the headers, and the blank line. */
    RawHttp head(String method, String path, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        return send(head.toString().getBytes(StandardCharsets.US_ASCII));
    }

    RawHttp send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads until the server closes the connection or {@code timeoutMillis} pass without a byte. */
    Answer readUntilClosed(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        boolean closed = false;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                read.write(buffer, 0, n);
            }
            closed = true;
        } catch (SocketTimeoutException e) {
            // still open
        } catch (IOException e) {
            closed = true; // reset by the server
        }
        String text = read.toString(StandardCharsets.UTF_8);
        int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
        return new Answer(status, text, closed);
    }

    /** Reads one answer's head (up to the blank line), without waiting for the connection to close. */
    Answer readHead(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (!read.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            read.write(b);
        }
        String text = read.toString(StandardCharsets.UTF_8);
        int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
        return new Answer(status, text, false);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
