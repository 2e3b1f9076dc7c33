package io.smartgrid.payload;

import java.util.Arrays;
import java.util.List;

/** The compiled layout of one feature type: fixed size, fields at fixed offsets. */
public final class Layout {
    private final int featureType;
    private final String name;
    private final int size;
    private final boolean bigEndian;
    private final List<Field> fields;
    final Field timestamp;
    final Field sensorId;
    final Field phase;
    final Field[] measurements;
    private final List<String> measurementNames;

    Layout(int featureType, String name, int size, boolean bigEndian, List<Field> fields) {
        this.featureType = featureType;
        this.name = name;
        this.size = size;
        this.bigEndian = bigEndian;
        this.fields = List.copyOf(fields);
        this.timestamp = only(Field.Role.TIMESTAMP);
        this.sensorId = only(Field.Role.SENSOR_ID);
        this.phase = only(Field.Role.PHASE);
        this.measurements = fields.stream().filter(f -> f.role() == Field.Role.MEASUREMENT).toArray(Field[]::new);
        this.measurementNames = Arrays.stream(measurements).map(Field::name).toList();
    }

    private Field only(Field.Role role) {
        return fields.stream().filter(f -> f.role() == role).findFirst().orElseThrow();
    }

    public int featureType() {
        return featureType;
    }

    public String name() {
        return name;
    }

    /** Payload length in bytes. */
    public int size() {
        return size;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    public List<Field> fields() {
        return fields;
    }

    /** Names of the averaged fields, in layout order; {@link Reading#values()} follows this order. */
    public List<String> measurementNames() {
        return measurementNames;
    }

    public int measurementIndex(String field) {
        return measurementNames.indexOf(field);
    }
}
