package io.jenkins.plugins.gitops.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Short-lived files holding a secret that a library can only read from disk (an SSH key for JGit, a
 * kubeconfig for fabric8, a Docker config.json): in a fresh temporary directory that only the
 * current user can read, deleted right after use.
 */
public final class PrivateFiles {
    private static final Logger LOGGER = Logger.getLogger(PrivateFiles.class.getName());

    private PrivateFiles() {}

    /** A new directory readable by the current user only (the JDK's default for temp directories). */
    public static Path directory(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Writes {@code content} to {@code name} in {@code directory}, readable by the owner only. */
    public static Path write(Path directory, String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(
                    file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        } catch (UnsupportedOperationException e) {
            LOGGER.log(Level.FINE, "not a POSIX file system; the directory is private to the user", e);
        }
        return file;
    }

    /** Deletes {@code directory} and everything in it; failures are logged, never thrown. */
    public static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "could not list " + directory, e);
            return;
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "could not delete " + path, e);
            }
        }
    }
}
