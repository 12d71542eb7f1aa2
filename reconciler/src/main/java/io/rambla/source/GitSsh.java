package io.rambla.source;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * The SSH client settings of one {@link JGitSource}, built from its {@link GitAuth} alone: the
 * configured key is the only identity offered, the configured known-hosts file the only one
 * read, and nothing comes from {@code ~/.ssh} (its config, keys, known hosts) or an SSH agent.
 * Each source gets its own factory, set on its commands, never JGit's global default, so two
 * sources in one JVM never share keys.
 */
final class GitSsh {

    private GitSsh() {
    }

    static SshdSessionFactory sessionFactory(GitAuth auth) {
        Path key = auth.sshKeyFile().toAbsolutePath();
        List<Path> knownHosts = auth.sshKnownHostsFile() == null ? List.of() : List.of(auth.sshKnownHostsFile().toAbsolutePath());
        HostConfig config = new HostConfig(
                Map.of(SshConstants.STRICT_HOST_KEY_CHECKING, auth.strictHostKeyChecking() ? "yes" : "no",
                        SshConstants.IDENTITIES_ONLY, "yes",
                        SshConstants.BATCH_MODE, "yes",
                        SshConstants.PREFERRED_AUTHENTICATIONS, "publickey"),
                Map.of(SshConstants.IDENTITY_FILE, List.of(key.toString()),
                        SshConstants.USER_KNOWN_HOSTS_FILE, knownHosts.stream().map(Path::toString).toList(),
                        SshConstants.GLOBAL_KNOWN_HOSTS_FILE, List.of()));
        return new SshdSessionFactoryBuilder()
                // The key's folder stands in for ~/.ssh, so no default of JGit's reads the user's own.
                .setSshDirectory(key.getParent().toFile())
                .setHomeDirectory(key.getParent().toFile())
                .setConfigStoreFactory((home, configFile, localUser) -> config)
                .setDefaultIdentities(sshDirectory -> List.of(key))
                .setDefaultKnownHostsFiles(sshDirectory -> knownHosts)
                .setPreferredAuthentications("publickey")
                .build(null);
    }

    /** The same settings for every host: what a {@code Host *} block of an ssh config would say. */
    private record HostConfig(Map<String, String> options, Map<String, List<String>> multiValued)
            implements SshConfigStore, SshConfigStore.HostConfig {

        HostConfig {
            options = caseInsensitive(options);
            multiValued = caseInsensitive(multiValued);
        }

        private static <V> Map<String, V> caseInsensitive(Map<String, V> map) {
            var copy = new TreeMap<String, V>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(map);
            return Collections.unmodifiableMap(copy);
        }

        @Override
        public SshConfigStore.HostConfig lookup(String hostName, int port, String userName) {
            return this;
        }

        @Override
        public SshConfigStore.HostConfig lookupDefault(String hostName, int port, String userName) {
            return this;
        }

        @Override
        public String getValue(String key) {
            return options.get(key);
        }

        @Override
        public List<String> getValues(String key) {
            return multiValued.getOrDefault(key, List.of());
        }

        @Override
        public Map<String, String> getOptions() {
            return options;
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
            return multiValued;
        }
    }
}
