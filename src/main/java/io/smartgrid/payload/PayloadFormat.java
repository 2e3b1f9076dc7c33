package io.smartgrid.payload;

import io.smartgrid.cli.Flag;
import io.smartgrid.support.JsonTree;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The payload layouts, read from a format file so that an operator adds a feature type without touching code.
 *
 * <p>Two shapes are accepted: this project's own ({@code {"types": {"16": {...}}}}, fields with {@code name}) and the
 * device maker's description ({@code {"<topic>": {"16": {...}}}}, fields with {@code label}), so the maker's file
 * works as it is.
 */
public final class PayloadFormat {
    public static final String DEFAULT_LOCATION = "classpath:payload-format.json";
    /** The flag of the tools that read payloads (decode, replay, samples, simulate) to name another format file. */
    public static final Flag FLAG = Flag.optional("format", "FILE", "the payload format file (the layouts by feature type);"
            + " default the bundled payload-format.json (" + DEFAULT_LOCATION + ")");
    /** The largest payload a layout may describe; the journal and the dead letters bound what they keep by it. */
    public static final int MAX_PAYLOAD_BYTES = 65_536;
    /** The field types a format file may name: ours, and the device maker's description's. */
    private static final Set<String> KNOWN_TYPES = Set.of("object_id", "ObjectId", "int", "float");

    private final Map<Integer, Layout> layouts;

    private PayloadFormat(Map<Integer, Layout> layouts) {
        this.layouts = Collections.unmodifiableMap(layouts);
    }

    public static PayloadFormat loadDefault() {
        return load(DEFAULT_LOCATION);
    }

    /** Loads from {@code classpath:…} or a file path. */
    public static PayloadFormat load(String location) {
        try (InputStream in = open(location)) {
            // a key given twice is a mistake in the file, not "the last one wins" (JsonTree refuses it)
            return parse(JsonTree.read(in), location);
        } catch (IOException e) {
            throw new IllegalArgumentException("payload format " + location + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            InputStream in = PayloadFormat.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no such resource");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location.startsWith("file:") ? location.substring(5) : location));
    }

    static PayloadFormat parse(Object root, String source) {
        Map<Integer, Layout> layouts = new TreeMap<>();
        for (Map.Entry<String, Map<?, ?>> type : typeEntries(root, source)) {
            String where = "payload format " + source + ", type " + type.getKey();
            int featureType;
            try {
                featureType = Integer.parseInt(type.getKey());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": the key must be the feature type number");
            }
            if (featureType < 0 || featureType > 255) {
                throw new IllegalArgumentException(where + ": a feature type is one byte (0-255)");
            }
            layouts.put(featureType, compile(featureType, type.getValue(), where));
        }
        if (layouts.isEmpty()) {
            throw new IllegalArgumentException("payload format " + source + ": no layouts found");
        }
        return new PayloadFormat(layouts);
    }

    private static List<Map.Entry<String, Map<?, ?>>> typeEntries(Object root, String source) {
        List<Map.Entry<String, Map<?, ?>>> entries = new ArrayList<>();
        if (!(root instanceof Map<?, ?> top)) {
            return entries;
        }
        if (top.containsKey("types")) {
            if (top.get("types") instanceof Map<?, ?> types) {
                types.forEach((k, v) -> entries.add(Map.entry((String) k, v instanceof Map<?, ?> m ? m : Map.of())));
            }
            return entries;
        }
        // the maker's shape: topic -> type -> layout
        for (Object topic : top.values()) {
            if (topic instanceof Map<?, ?> types) {
                types.forEach((k, v) -> {
                    if (v instanceof Map<?, ?> layout && layout.containsKey("encoding")) {
                        entries.add(Map.entry((String) k, layout));
                    }
                });
            }
        }
        return entries;
    }

    private static Layout compile(int featureType, Map<?, ?> node, String where) {
        String encoding = text(node, "encoding", where);
        StructCodes codes = StructCodes.parse(encoding, where);
        if (!(node.get("fields") instanceof List<?> fieldNodes)) {
            throw new IllegalArgumentException(where + ": 'fields' must be a list");
        }
        if (fieldNodes.size() != codes.slots().size()) {
            throw new IllegalArgumentException(where + ": encoding " + encoding + " has " + codes.slots().size()
                    + " values but " + fieldNodes.size() + " fields are named");
        }
        List<Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fieldNodes.size(); i++) {
            Map<?, ?> f = fieldNodes.get(i) instanceof Map<?, ?> m ? m : Map.of();
            String name = f.containsKey("name") ? asText(f.get("name"), "") : asText(f.get("label"), "");
            if (name.isEmpty()) {
                throw new IllegalArgumentException(where + ": field " + i + " has no name");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ": field name " + name + " is used twice");
            }
            String type = asText(f.get("type"), "");
            if (!type.isEmpty() && !KNOWN_TYPES.contains(type)) {
                throw new IllegalArgumentException(where + ", field " + name + ": unknown type '" + type + "' (known: "
                        + String.join(", ", new TreeSet<>(KNOWN_TYPES)) + "; the encoding gives the binary type)");
            }
            StructCodes.Slot slot = codes.slots().get(i);
            double divideBy = divideBy(f, where + ", field " + name);
            fields.add(new Field(name, slot.kind(), slot.offset(), slot.size(), divideBy, roleOf(name, slot.kind())));
        }
        checkHeader(fields, featureType, where);
        String name = node.containsKey("name") ? asText(node.get("name"), "") : asText(node.get("class"), "type" + featureType);
        return new Layout(featureType, name, codes.size(), codes.bigEndian(), fields);
    }

    /** A value as text, as a format file may write a name as a number; {@code fallback} when absent or not a value. */
    private static String asText(Object value, String fallback) {
        return value instanceof String || value instanceof JsonTree.Number || value instanceof Boolean
                ? value.toString() : fallback;
    }

    private static double divideBy(Map<?, ?> f, String where) {
        Object d = f.get("divide_by");
        if (d == null) {
            return 1.0;
        }
        double value;
        try {
            value = d instanceof JsonTree.Number n ? n.asDouble() : Double.parseDouble(asText(d, ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": divide_by must be a number");
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(where + ": divide_by must be a positive number");
        }
        return value;
    }

    private static Field.Role roleOf(String name, FieldKind kind) {
        return switch (name) {
            case "feature_type" -> Field.Role.FEATURE_TYPE;
            case "timestamp" -> Field.Role.TIMESTAMP;
            case "sensor_id" -> Field.Role.SENSOR_ID;
            case "phase" -> Field.Role.PHASE;
            default -> kind.numeric ? Field.Role.MEASUREMENT : Field.Role.OTHER;
        };
    }

    private static void checkHeader(List<Field> fields, int featureType, String where) {
        Field first = fields.get(0);
        if (first.role() != Field.Role.FEATURE_TYPE || first.size != 1 || !first.kind.numeric) {
            throw new IllegalArgumentException(where + ": the first field must be feature_type, one byte (B)");
        }
        for (Field.Role role : List.of(Field.Role.TIMESTAMP, Field.Role.SENSOR_ID, Field.Role.PHASE)) {
            long count = fields.stream().filter(f -> f.role() == role).count();
            if (count != 1) {
                throw new IllegalArgumentException(where + ": needs exactly one field named "
                        + role.name().toLowerCase(Locale.ROOT) + ", found " + count);
            }
        }
        fields.stream().filter(f -> f.role() == Field.Role.TIMESTAMP || f.role() == Field.Role.PHASE)
                .filter(f -> !f.kind.numeric)
                .findFirst()
                .ifPresent(f -> {
                    throw new IllegalArgumentException(where + ": field " + f.name() + " must be numeric");
                });
    }

    private static String text(Map<?, ?> node, String key, String where) {
        if (!(node.get(key) instanceof String v)) {
            throw new IllegalArgumentException(where + ": '" + key + "' is missing");
        }
        return v;
    }

    public Layout layout(int featureType) {
        return layouts.get(featureType);
    }

    public Collection<Layout> layouts() {
        return layouts.values();
    }

    /** Every measurement name of every layout: what a model's features may refer to. */
    public Set<String> measurementNames() {
        Set<String> out = new TreeSet<>();
        layouts.values().forEach(l -> out.addAll(l.measurementNames()));
        return out;
    }
}
