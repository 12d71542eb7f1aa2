package io.rambla.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A git host over SSH: Apache MINA SSHD's server (the same library JGit's client is built on, in
 * the version JGit pulls in) admitting one public key, and git's own {@code git-upload-pack}
 * answering, run through {@code sh -c} as OpenSSH's sshd runs a command. Serves any bare
 * repository by its absolute path: {@code ssh://git@127.0.0.1:PORT/abs/path/infra.git}.
 */
public final class GitSshServer implements AutoCloseable {

    private final SshServer server;
    private final String hostPublicKey;

    private GitSshServer(SshServer server, String hostPublicKey) {
        this.server = server;
        this.hostPublicKey = hostPublicKey;
    }

    /** Host key: an OpenSSH private key file with its {@code .pub} next to it; the keys allowed in: an {@code authorized_keys} file. */
    public static GitSshServer start(Path hostKey, Path authorizedKeys) throws IOException {
        List<PublicKey> allowed = publicKeys(authorizedKeys);
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new FileKeyPairProvider(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> allowed.stream().anyMatch(a -> KeyUtils.compareKeys(a, key)));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> new GitCommand(command));
        server.start();
        return new GitSshServer(server, Files.readString(Path.of(hostKey + ".pub")).strip());
    }

    public String url(Path bareRepository) {
        return "ssh://git@127.0.0.1:" + server.getPort() + bareRepository.toAbsolutePath();
    }

    /** The line of a {@code known_hosts} file that trusts this server's key. */
    public String knownHostsLine() {
        String[] typeAndKey = hostPublicKey.split(" ");
        return "[127.0.0.1]:" + server.getPort() + " " + typeAndKey[0] + " " + typeAndKey[1];
    }

    private static List<PublicKey> publicKeys(Path authorizedKeys) throws IOException {
        var keys = new ArrayList<PublicKey>();
        for (String line : Files.readAllLines(authorizedKeys)) {
            try {
                keys.add(PublicKeyEntry.parsePublicKeyEntry(line.strip()).resolvePublicKey(null, null, null));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot read " + authorizedKeys, e);
            }
        }
        return keys;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** One exec request: {@code git-upload-pack '<path>'} only, its streams piped to the channel's. */
    private static final class GitCommand implements Command {

        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        GitCommand(String command) {
            this.command = command;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            if (!command.startsWith("git-upload-pack ")) {
                err.write(("only git-upload-pack is served, not: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
                exit.onExit(127);
                return;
            }
            process = new ProcessBuilder("sh", "-c", command).start();
            pump("stdin", in, process.getOutputStream(), true);
            Thread stderr = pump("stderr", process.getErrorStream(), err, false);
            Thread stdout = pump("stdout", process.getInputStream(), out, false);
            Thread waiter = new Thread(() -> {
                try {
                    int code = process.waitFor();
                    stdout.join();
                    stderr.join();
                    exit.onExit(code);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "git-ssh-exit");
            waiter.setDaemon(true);
            waiter.start();
        }

        private static Thread pump(String name, InputStream from, OutputStream to, boolean closeTarget) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n = from.read(buffer); n != -1; n = from.read(buffer)) {
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                    if (closeTarget) {
                        to.close();
                    }
                } catch (IOException e) {
                    // the other side is gone; the exit status tells the client
                }
            }, "git-ssh-" + name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.destroyForcibly();
            }
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }
    }

    /** Generates an OpenSSH key pair without passphrase with {@code ssh-keygen}; returns the private key file. */
    public static Path generateKey(Path file, String type) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        List<String> command = type.equals("rsa")
                ? List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-N", "", "-C", "rambla-test", "-f", file.toString())
                : List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "rambla-test", "-f", file.toString());
        Process keygen = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + output);
        }
        return file;
    }
}
