package io.rambla.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, driven from a test: a page's DOM after it ran, and a screenshot of
 * it. Each call gets a fresh profile and no network but what the page asks for. Fails, rather
 * than skips, without Chromium, so a CI run without it cannot pass by testing nothing.
 */
public final class Chromium {

    private static final Path BINARY = Path.of(System.getenv().getOrDefault("RAMBLA_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final long TIMEOUT_SECONDS = 60;

    private Chromium() {}

    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("Chromium is not at " + BINARY + "; install it with: apt-get install chromium chromium-driver");
        }
    }

    /** The page's DOM as Chromium serialises it once loaded. */
    public static String dumpDom(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("rambla-chromium");
        Path out = Files.createTempFile("rambla-dom", ".html");
        List<String> command = command(profile);
        command.add("--dump-dom");
        command.add(url);
        run(command, out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Saves a PNG of the page at {@code width} x {@code height} pixels to {@code file}. */
    public static void screenshot(String url, Path file, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("rambla-chromium");
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> command = command(profile);
        command.add("--window-size=" + width + "," + height);
        command.add("--hide-scrollbars");
        command.add("--screenshot=" + file.toAbsolutePath());
        command.add(url);
        run(command, Files.createTempFile("rambla-chromium", ".log"));
        if (!Files.exists(file) || Files.size(file) == 0) {
            throw new AssertionError("Chromium wrote no screenshot to " + file);
        }
    }

    private static List<String> command(Path profile) {
        return new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile));
    }

    private static void run(List<String> command, Path stdout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("Chromium exited with " + process.exitValue() + ": " + command);
        }
    }
}
