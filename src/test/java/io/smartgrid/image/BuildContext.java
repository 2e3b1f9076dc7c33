package io.smartgrid.image;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A Docker build context: a folder less what its .dockerignore leaves out, copied from as COPY does. */
final class BuildContext {
    private final Path root;
    private final List<PathMatcher> ignored;

    private BuildContext(Path root, List<PathMatcher> ignored) {
        this.root = root;
        this.ignored = ignored;
    }

    static BuildContext of(Path root) throws IOException {
        List<PathMatcher> ignored = new ArrayList<>();
        Path dockerignore = root.resolve(".dockerignore");
        if (Files.exists(dockerignore)) {
            for (String line : Files.readAllLines(dockerignore)) {
                String pattern = line.strip();
                if (pattern.isEmpty() || pattern.startsWith("#")) {
                    continue;
                }
                if (pattern.startsWith("!")) {
                    throw new IllegalArgumentException(".dockerignore: exceptions (" + pattern + ") are not read here");
                }
                pattern = pattern.replaceAll("^/+|/+$", "");
                ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
            }
        }
        return new BuildContext(root, ignored);
    }

    /**
     * COPY {@code source} {@code destination}: a file into a folder (a destination ending in / or .) or to that name,
     * a folder's contents (less what is ignored) into the destination folder.
     *
     * @throws NoSuchFileException when the context has no such file, or ignores it, as docker build then fails
     */
    void copy(String source, Path destination, boolean destinationIsFolder) throws IOException {
        Path relative = Path.of(source).normalize();
        Path from = root.resolve(relative);
        if (source.matches(".*[*?\\[].*")) {
            throw new IllegalArgumentException("COPY " + source + ": wildcards are not read here");
        }
        if (!Files.exists(from) || isIgnored(relative)) {
            throw new NoSuchFileException(source, null, "not in the build context " + root);
        }
        if (!Files.isDirectory(from)) {
            Path to = destinationIsFolder ? destination.resolve(from.getFileName()) : destination;
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!isIgnored(root.relativize(file))) {
                    Path to = destination.resolve(from.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Left out when the path or a folder above it matches a pattern. */
    private boolean isIgnored(Path relative) {
        for (Path p = relative; p != null; p = p.getParent()) {
            Path candidate = p;
            if (ignored.stream().anyMatch(m -> m.matches(candidate))) {
                return true;
            }
        }
        return false;
    }
}
