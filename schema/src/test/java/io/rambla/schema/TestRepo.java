package io.rambla.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.net.URISyntaxException;

/** Writes small infrastructure repositories into a temporary folder. */
final class TestRepo {

    static final String PRODUCTION_DISTRICT = """
            region: ap-northeast-1
            endpoints:
              - name: public
                certificate_arn: arn:aws:acm:ap-northeast-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789
              - name: internal
                public: false
            """;

    private final Path root;

    TestRepo(Path root) {
        this.root = root;
    }

    TestRepo file(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestRepo district(String name, String content) {
        return file("districts/" + name + ".yml", content);
    }

    TestRepo app(String name, String content) {
        return file("apps/" + name + "/barcelona.yml", content);
    }

    LoadResult load() {
        return RepositoryLoader.load(root);
    }

    LoadResult load(LoaderLimits limits) {
        return RepositoryLoader.load(root, limits);
    }

    static Path resource(String name) {
        try {
            return Paths.get(TestRepo.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
