package io.smartgrid.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The route files a role loads, each as its name and text: a folder's ({@code smartgrid.routes.dir}: every
 * {@code *.yaml}, Camel's {@code *.camel.yaml} names among them), or those {@code camel.main.routes-include-pattern}
 * names (class-path files one by one, {@code file:} patterns, or a {@code file:} folder).
 */
public final class RouteFiles {
    private RouteFiles() {
    }

    /** A route file of a folder: not hidden, not an editor's backup or probe (vim's {@code .x.yaml.swp}, {@code 4913}). */
    public static boolean isRouteFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") && !name.startsWith(".");
    }

    /** The folder's route files, by absolute path, in name order. */
    public static Map<String, String> ofFolder(Path folder) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(f -> Files.isRegularFile(f) && isRouteFile(f)).toList()) {
                files.put(file.toAbsolutePath().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the routes folder " + folder, e);
        }
        return files;
    }

    /** The files a comma-separated include pattern names, in its order. */
    public static Map<String, String> ofPattern(CamelContext context, String pattern) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String part : pattern.split(",")) {
            String location = part.strip();
            if (location.isEmpty()) {
                continue;
            }
            try {
                if (location.startsWith("file:") && Files.isDirectory(Path.of(location.substring("file:".length())))) {
                    // a folder, as Camel takes it: its route files
                    files.putAll(ofFolder(Path.of(location.substring("file:".length()))));
                } else if (location.contains("*")) {
                    for (Resource r : PluginHelper.getPackageScanResourceResolver(context).findResources(location)) {
                        files.put(name(r), read(r));
                    }
                } else {
                    Resource r = PluginHelper.getResourceLoader(context).resolveResource(location);
                    if (r == null || !r.exists()) {
                        throw new IllegalArgumentException("camel.main.routes-include-pattern: " + location + " does not exist");
                    }
                    files.put(name(r), read(r));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the route file " + location, e);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalArgumentException("camel.main.routes-include-pattern: " + location + " cannot be read: " + e.getMessage());
            }
        }
        return files;
    }

    private static String name(Resource r) {
        String location = r.getLocation();
        return location.startsWith("file:") ? location.substring("file:".length()) : location;
    }

    private static String read(Resource r) throws IOException {
        try (InputStream in = r.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
