package io.smartgrid.routes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Watches one folder (not the files: editors such as vim save by writing a new file and renaming, which a watch on
 * the file would lose) and, once no event came for {@code quiet}, hands each *.yaml file that changed to the listener
 * with its text as read then (null: removed). Debouncing merges an editor's several events (vim: 4913, x.yaml~,
 * x.yaml created, modified) and a copy written in pieces into one change per file.
 */
public final class RouteFolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteFolderWatcher.class);

    private final Path folder;
    private final Duration quiet;
    private final BiConsumer<String, String> listener;
    private final WatchService watch;
    private final Thread thread;

    public RouteFolderWatcher(Path folder, Duration quiet, BiConsumer<String, String> listener) throws IOException {
        this.folder = folder.toAbsolutePath();
        this.quiet = quiet;
        this.listener = listener;
        this.watch = folder.getFileSystem().newWatchService();
        this.folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(this::run, "route-folder-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        Set<Path> pending = new LinkedHashSet<>();
        try {
            while (true) {
                WatchKey key = pending.isEmpty() ? watch.take() : watch.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) {
                    flush(pending); // quiet for long enough
                    continue;
                }
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        pending.addAll(allRouteFiles()); // events were lost: look at every file
                    } else if (event.context() instanceof Path name && RouteFiles.isRouteFile(name)) {
                        pending.add(folder.resolve(name));
                    }
                }
                if (!key.reset()) {
                    LOG.warn("Route folder {} is no longer watched (removed?)", folder);
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private Set<Path> allRouteFiles() {
        try (Stream<Path> list = Files.list(folder)) {
            return new LinkedHashSet<>(list.filter(RouteFiles::isRouteFile).toList());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private void flush(Set<Path> pending) {
        for (Path file : pending) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                text = null;
            } catch (MalformedInputException e) {
                LOG.warn("{} is not UTF-8 text: not applied", file);
                continue;
            } catch (IOException e) {
                LOG.warn("Cannot read {}: {}", file, e.getMessage());
                continue;
            }
            try {
                listener.accept(file.toString(), text);
            } catch (RuntimeException e) {
                LOG.error("Applying {} failed", file, e);
            }
        }
        pending.clear();
    }

    @Override
    public void close() throws IOException {
        watch.close();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
