package io.rambla.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The repository as a tree of regular files, and nothing else. Every path the loader reads goes
 * through here: a symbolic link is never followed (not even to a file inside the repository), a
 * FIFO, device or socket is never opened, a directory where a file belongs is an error, and a
 * file is read only while its real path lies under the checkout's real root. Reads are bounded
 * per file and per repository, and the walk that finds applications is bounded too, so a
 * hostile tree costs at most {@link LoaderLimits} of time and memory. Messages name the path in
 * the repository, never a link's target nor a byte of what lies outside.
 */
final class RepositoryFiles {

    /** What a path in the tree turned out to be. */
    enum Kind { MISSING, FILE, DIRECTORY, SYMLINK, OTHER }

    private final Path root;
    private final Path realRoot;
    private final LoaderLimits limits;
    private final List<Diagnostic> sink;
    private long bytesRead;
    private int filesRead;
    private boolean exhausted;

    RepositoryFiles(Path root, LoaderLimits limits, List<Diagnostic> sink) {
        this.root = root;
        this.limits = limits;
        this.sink = sink;
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            real = root.toAbsolutePath().normalize();
        }
        this.realRoot = real;
    }

    String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** The kind of {@code path} itself, links not followed. */
    static Kind kind(Path path) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Kind.MISSING;
        }
        if (attrs.isSymbolicLink()) {
            return Kind.SYMLINK;
        }
        if (attrs.isDirectory()) {
            return Kind.DIRECTORY;
        }
        return attrs.isRegularFile() ? Kind.FILE : Kind.OTHER;
    }

    /** Why {@code kind} cannot be read as a file, in words naming the rule. */
    static String refusal(Kind kind) {
        return switch (kind) {
            case SYMLINK -> "is a symbolic link; Rambla reads only regular files and never follows links "
                    + "(commit the file itself instead of a link)";
            case DIRECTORY -> "is a directory where a file belongs";
            case OTHER -> "is not a regular file (a FIFO, device or socket); Rambla reads only regular files";
            case MISSING -> "cannot be read";
            case FILE -> "is a regular file";
        };
    }

    /**
     * The bytes of a regular file of the tree, or empty with an error in {@code problems}. At most
     * {@link LoaderLimits#maxFileBytes()} are read, and at most {@link LoaderLimits#maxTotalBytes()}
     * over the whole repository.
     */
    Optional<byte[]> read(Path file, Problems problems) {
        Kind kind = kind(file);
        if (kind != Kind.FILE) {
            problems.fileError(problems.file() + " " + refusal(kind));
            return Optional.empty();
        }
        if (!insideRoot(file)) {
            problems.fileError(problems.file() + " lies outside the repository (through a linked folder); it was not read");
            return Optional.empty();
        }
        if (exhausted) {
            return Optional.empty();
        }
        if (++filesRead > limits.maxFiles()) {
            exhaust(problems, "the repository has more than " + limits.maxFiles() + " YAML files to read, the limit; "
                    + "nothing was loaded (split the repository)");
            return Optional.empty();
        }
        long allowed = Math.min(limits.maxFileBytes(), limits.maxTotalBytes() - bytesRead);
        // NOFOLLOW_LINKS opens with O_NOFOLLOW: should the file have become a link since it was
        // checked above, the open fails instead of following it.
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             InputStream in = Channels.newInputStream(channel)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, allowed) + 1));
            if (bytes.length > limits.maxFileBytes()) {
                problems.fileError("file is more than the limit of " + limits.maxFileBytes() + " bytes; it was not read");
                return Optional.empty();
            }
            if (bytes.length > allowed) {
                exhaust(problems, "the repository's YAML files add up to more than " + limits.maxTotalBytes()
                        + " bytes, the limit; nothing was loaded (split the repository)");
                return Optional.empty();
            }
            bytesRead += bytes.length;
            return Optional.of(bytes);
        } catch (IOException e) {
            problems.fileError("cannot read file (" + reason(e) + ")");
            return Optional.empty();
        }
    }

    private void exhaust(Problems problems, String message) {
        exhausted = true;
        problems.fileError(message);
    }

    /** True once a per-repository limit was passed: the loader then loads nothing at all. */
    boolean exhausted() {
        return exhausted;
    }

    /** Why an IO operation failed, in words, without the exception's own message (which may quote a path outside). */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemLoopException) {
            return "a loop of links";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "it no longer exists";
        }
        return "an input/output error";
    }

    private boolean insideRoot(Path file) {
        try {
            return file.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The regular files directly in {@code dir} whose name passes {@code wanted}, sorted. Anything
     * else under such a name (link, FIFO, directory) is an error naming it; {@code dir} itself must
     * be a real directory.
     */
    List<Path> filesIn(Path dir, Predicate<String> wanted, Predicate<String> warnOnly, java.util.function.UnaryOperator<String> warning) {
        Kind dirKind = kind(dir);
        if (dirKind == Kind.MISSING) {
            return List.of();
        }
        if (dirKind != Kind.DIRECTORY) {
            String name = relative(dir);
            sink.add(Diagnostic.error(name, 0, 0, "", name + " " + (dirKind == Kind.FILE
                    ? "is a file where a directory belongs" : refusal(dirKind))));
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        int seen = 0;
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (++seen > limits.maxDirectoryEntries()) {
                    sink.add(Diagnostic.error(relative(dir), 0, 0, "", relative(dir) + " holds more than "
                            + limits.maxDirectoryEntries() + " entries; the rest were not looked at"));
                    break;
                }
                String name = entry.getFileName().toString();
                if (warnOnly.test(name)) {
                    sink.add(Diagnostic.warning(relative(entry), 0, 0, "", warning.apply(name)));
                    continue;
                }
                if (!wanted.test(name)) {
                    continue;
                }
                Kind kind = kind(entry);
                if (kind == Kind.FILE) {
                    found.add(entry);
                } else {
                    sink.add(Diagnostic.error(relative(entry), 0, 0, "", relative(entry) + " " + refusal(kind)));
                }
            }
        } catch (IOException e) {
            sink.add(Diagnostic.error(relative(dir), 0, 0, "", "cannot list " + relative(dir) + " ("
                    + reason(e) + ")"));
        }
        found.sort(Comparator.comparing(this::relative));
        return found;
    }

    /**
     * Every regular file named {@code fileName} below the root, at most {@code maxDepth} folders
     * deep, skipping folders that {@code skip} names. Links are not followed: a link or special
     * file with that name is an error, any other link a warning (it is ignored); so is a
     * directory with that name. The walk stops after {@link LoaderLimits#maxDirectoryEntries()}
     * entries with an error.
     */
    List<Path> find(String fileName, int maxDepth, Predicate<Path> skip) {
        List<Path> found = new ArrayList<>();
        int[] visited = {0};
        try {
            Files.walkFileTree(root, Set.of(), maxDepth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (tooMany()) {
                        return FileVisitResult.TERMINATE;
                    }
                    if (!dir.equals(root) && dir.getFileName().toString().equals(fileName)) {
                        sink.add(Diagnostic.error(relative(dir), 0, 0, "", relative(dir) + " " + refusal(Kind.DIRECTORY)));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return !dir.equals(root) && skip.test(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (tooMany()) {
                        return FileVisitResult.TERMINATE;
                    }
                    boolean named = file.getFileName().toString().equals(fileName);
                    if (attrs.isRegularFile()) {
                        if (named) {
                            found.add(file);
                        }
                    } else if (attrs.isDirectory()) {
                        // A directory at the depth limit: nothing Rambla reads lies that deep.
                        if (named) {
                            sink.add(Diagnostic.error(relative(file), 0, 0, "", relative(file) + " " + refusal(Kind.DIRECTORY)));
                        }
                    } else if (named) {
                        sink.add(Diagnostic.error(relative(file), 0, 0, "", relative(file) + " "
                                + refusal(attrs.isSymbolicLink() ? Kind.SYMLINK : Kind.OTHER)));
                    } else if (attrs.isSymbolicLink()) {
                        sink.add(Diagnostic.warning(relative(file), 0, 0, "", relative(file)
                                + " is a symbolic link; Rambla ignores it and never follows links"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    sink.add(Diagnostic.warning(relative(file), 0, 0, "", relative(file) + " cannot be read ("
                            + reason(e) + "); it was skipped"));
                    return FileVisitResult.CONTINUE;
                }

                private boolean tooMany() {
                    if (++visited[0] > limits.maxDirectoryEntries()) {
                        exhausted = true;
                        sink.add(Diagnostic.error(".", 0, 0, "", "the repository holds more than "
                                + limits.maxDirectoryEntries() + " files and folders, the limit; nothing was loaded"));
                        return true;
                    }
                    return false;
                }
            });
        } catch (IOException e) {
            sink.add(Diagnostic.error(".", 0, 0, "", "cannot walk the repository (" + reason(e) + ")"));
        }
        found.sort(Comparator.comparing(this::relative));
        return found;
    }
}
