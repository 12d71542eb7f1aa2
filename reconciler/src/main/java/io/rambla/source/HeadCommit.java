package io.rambla.source;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The commit a checkout is at, as people know it: first line of its message, author and time. */
public record HeadCommit(String revision, String subject, String author, Instant time) {

    /** Reads {@code revision} from the repository in {@code directory}; empty when it cannot. */
    public static Optional<HeadCommit> read(Path directory, String revision) {
        try (Repository repository = new FileRepositoryBuilder().setWorkTree(directory.toFile())
                .setGitDir(directory.resolve(".git").toFile()).setMustExist(true).build();
                RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(revision));
            return Optional.of(new HeadCommit(revision, commit.getShortMessage(), commit.getAuthorIdent().getName(),
                    Instant.ofEpochSecond(commit.getCommitTime())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
