package io.smartgrid.image;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compose file as Compose reads it, for the parts the checks need: its services and the files they name. Parsed with
 * snakeyaml-engine (camel-yaml-dsl's), which reads YAML 1.2 and so leaves the {@code <<} merge keys Compose uses as
 * plain keys: they are merged here.
 */
final class ComposeFile {
    private static final String MERGE_KEY = "<<";

    private final Path folder;
    private final String text;
    private final Map<String, Object> root;

    private ComposeFile(Path folder, String text, Map<String, Object> root) {
        this.folder = folder;
        this.text = text;
        this.root = root;
    }

    static ComposeFile read(Path file) throws IOException {
        return parse(Files.readString(file), file.toAbsolutePath().getParent());
    }

    /** A compose file's text, as if it were in {@code folder}. */
    static ComposeFile parse(String yaml, Path folder) {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return new ComposeFile(folder, yaml, asMap(merged(root)));
    }

    /** The file as written: what Compose interpolates. */
    String text() {
        return text;
    }

    /** The top-level keys (Compose v2 has no version). */
    List<String> topLevelKeys() {
        return List.copyOf(root.keySet());
    }

    /** The folder that relative paths are relative to: the compose file's own. */
    Path folder() {
        return folder;
    }

    List<Service> services() {
        List<Service> services = new ArrayList<>();
        asMap(root.get("services")).forEach((name, definition) -> services.add(new Service(name, asMap(definition))));
        return services;
    }

    /** The files of the top-level configs and secrets, as written. */
    List<String> configFiles() {
        List<String> files = new ArrayList<>();
        for (String section : List.of("configs", "secrets")) {
            asMap(root.get(section)).values().forEach(c -> Optional.ofNullable(asMap(c).get("file")).ifPresent(f -> files.add(f.toString())));
        }
        return files;
    }

    /** One service's definition, its merge keys resolved. */
    record Service(String name, Map<String, Object> definition) {
        /** The image it runs (for ours, the tag the build gives it). */
        String image() {
            return String.valueOf(definition.get("image"));
        }

        /** The profiles that start it; none: it always starts. */
        List<String> profiles() {
            return asList(definition.get("profiles")).stream().map(Object::toString).toList();
        }

        /** Its published ports, as written ({@code "127.0.0.1:9090:9090"}). */
        List<String> ports() {
            return asList(definition.get("ports")).stream().map(Object::toString).toList();
        }

        /** Built from the repository (our image) rather than pulled. */
        boolean isBuilt() {
            return definition.containsKey("build");
        }

        /** Every host path it builds from or mounts, as written (relative to the compose file's folder). */
        List<String> paths() {
            List<String> paths = new ArrayList<>();
            Object build = definition.get("build");
            if (build instanceof String context) {
                paths.add(context);
            } else if (build != null) {
                String context = String.valueOf(asMap(build).getOrDefault("context", "."));
                paths.add(context);
                // Compose reads the Dockerfile relative to the context
                Optional.ofNullable(asMap(build).get("dockerfile")).ifPresent(d -> paths.add(context + "/" + d));
            }
            for (Object volume : asList(definition.get("volumes"))) {
                bindSource(volume).ifPresent(paths::add);
            }
            for (Object envFile : asList(definition.get("env_file"))) {
                paths.add(envFile instanceof Map<?, ?> m ? String.valueOf(m.get("path")) : envFile.toString());
            }
            return paths;
        }

        /** The names of the environment variables it sets, in either of Compose's two forms. */
        List<String> environmentNames() {
            Object environment = definition.get("environment");
            if (environment instanceof Map<?, ?> map) {
                return map.keySet().stream().map(Object::toString).toList();
            }
            return asList(environment).stream().map(e -> e.toString().split("=", 2)[0]).toList();
        }

        /** Its command (the arguments to the image's entry point), when it names one. */
        Optional<List<String>> command() {
            Object command = definition.get("command");
            if (command == null) {
                return Optional.empty();
            }
            return Optional.of(command instanceof String s ? List.of(s.trim().split("\\s+")) : asList(command).stream().map(Object::toString).toList());
        }

        /** A host path a volume mounts; a named volume is none. */
        private static Optional<String> bindSource(Object volume) {
            if (volume instanceof Map<?, ?> m) {
                return "bind".equals(m.get("type")) ? Optional.of(String.valueOf(m.get("source"))) : Optional.empty();
            }
            String source = volume.toString().split(":", 2)[0];
            return source.startsWith(".") || source.startsWith("/") || source.startsWith("~") ? Optional.of(source) : Optional.empty();
        }
    }

    /** YAML 1.1's merge keys, as Compose applies them: a mapping's own keys win over merged ones, earlier merges over later. */
    private static Object merged(Object node) {
        if (node instanceof List<?> list) {
            return list.stream().map(ComposeFile::merged).toList();
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        Object merges = map.get(MERGE_KEY);
        List<?> sources = merges instanceof List<?> l ? l : merges == null ? List.of() : List.of(merges);
        for (Object source : sources) {
            asMap(merged(source)).forEach(result::putIfAbsent);
        }
        map.forEach((k, v) -> {
            if (!MERGE_KEY.equals(k)) {
                result.put(k.toString(), merged(v));
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    private static List<?> asList(Object node) {
        return node == null ? List.of() : node instanceof List<?> l ? l : List.of(node);
    }
}
