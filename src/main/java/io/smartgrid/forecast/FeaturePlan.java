package io.smartgrid.forecast;

import io.smartgrid.payload.Layout;
import io.smartgrid.window.ClosedWindow;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a model's {@code feature_names} become a row of numbers, by this grammar:
 * <ul>
 *   <li>{@code <field>}: mean of that measurement in the latest closed forecast window; {@code <field>-<k>}: the same
 *   k windows earlier</li>
 *   <li>{@code p_l123}: p_l1 + p_l2 + p_l3 (also with lags)</li>
 *   <li>{@code hour}, {@code minute_of_day}, {@code day_of_week} (Monday = 0), {@code timestamp} (epoch s): of the
 *   window start, UTC (also with lags)</li>
 * </ul>
 * A name outside the grammar is refused when the model is loaded.
 */
public final class FeaturePlan {
    public static final String TOTAL_POWER = "p_l123";
    private static final Pattern NAME = Pattern.compile("(.+?)(?:-(\\d{1,4}))?");
    private static final Set<String> TIME = Set.of("hour", "minute_of_day", "day_of_week", "timestamp");
    private static final String[] PHASE_POWER = {"p_l1", "p_l2", "p_l3"};

    private enum Kind { FIELD, TOTAL_POWER, HOUR, MINUTE_OF_DAY, DAY_OF_WEEK, TIMESTAMP }

    private record Feature(String name, Kind kind, String field, int lag) {
    }

    private final List<String> names;
    private final Feature[] features;
    private final int history;
    /** Per layout, the measurement index of each FIELD feature: saves a name look-up per feature per forecast. */
    private final Map<Layout, int[]> indexes = new IdentityHashMap<>();

    private FeaturePlan(List<String> names, Feature[] features) {
        this.names = List.copyOf(names);
        this.features = features;
        int maxLag = 0;
        for (Feature f : features) {
            maxLag = Math.max(maxLag, f.lag);
        }
        this.history = maxLag + 1;
    }

    /**
     * @param fields the measurement names the payload format can produce
     * @throws IllegalArgumentException naming the first feature outside the grammar
     */
    public static FeaturePlan parse(List<String> featureNames, Set<String> fields) {
        if (featureNames == null || featureNames.isEmpty()) {
            throw new IllegalArgumentException("the model names no features (feature_names is empty)");
        }
        List<Feature> out = new ArrayList<>();
        for (String name : featureNames) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("model feature '" + name + "' is outside the feature grammar");
            }
            String base = m.group(1);
            int lag = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            Kind kind;
            if (base.equals(TOTAL_POWER)) {
                kind = Kind.TOTAL_POWER;
            } else if (TIME.contains(base)) {
                kind = Kind.valueOf(base.toUpperCase(Locale.ROOT));
            } else if (fields.contains(base)) {
                kind = Kind.FIELD;
            } else {
                throw new IllegalArgumentException("model feature '" + name + "' is outside the feature grammar: '"
                        + base + "' is no payload field, nor p_l123, hour, minute_of_day, day_of_week or timestamp");
            }
            out.add(new Feature(name, kind, base, lag));
        }
        return new FeaturePlan(featureNames, out.toArray(Feature[]::new));
    }

    public List<String> names() {
        return names;
    }

    /** How many consecutive windows, newest included, a forecast needs. */
    public int history() {
        return history;
    }

    /**
     * The feature row from consecutive windows, oldest first, newest last ({@code windows.size() >= history()}).
     * Returns null when the sensor's layout lacks a field the model needs.
     */
    public float[] row(List<ClosedWindow> windows) {
        int newest = windows.size() - 1;
        int[] index = indexes.computeIfAbsent(windows.get(newest).layout(), this::indexFor);
        if (index == null) {
            return null;
        }
        float[] row = new float[features.length];
        for (int i = 0; i < features.length; i++) {
            Feature f = features[i];
            ClosedWindow w = windows.get(newest - f.lag);
            row[i] = (float) switch (f.kind) {
                case FIELD -> w.means()[index[i]];
                case TOTAL_POWER -> totalPower(w);
                case HOUR -> Math.floorMod(Math.floorDiv(w.startMs(), 3_600_000L), 24);
                case MINUTE_OF_DAY -> Math.floorMod(Math.floorDiv(w.startMs(), 60_000L), 1440);
                case DAY_OF_WEEK -> dayOfWeek(w.startMs());
                case TIMESTAMP -> w.startMs() / 1000.0;
            };
        }
        return row;
    }

    private int[] indexFor(Layout layout) {
        int[] index = new int[features.length];
        for (int i = 0; i < features.length; i++) {
            if (features[i].kind == Kind.FIELD) {
                index[i] = layout.measurementIndex(features[i].field);
                if (index[i] < 0) {
                    return null;
                }
            }
        }
        return index;
    }

    /** p_l1 + p_l2 + p_l3 of a window: the quantity the forecaster predicts. NaN when the layout lacks one. */
    public static double totalPower(ClosedWindow w) {
        double sum = 0;
        for (String p : PHASE_POWER) {
            sum += w.mean(p);
        }
        return sum;
    }

    private static int dayOfWeek(long epochMs) {
        DayOfWeek d = Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC).getDayOfWeek();
        return d.getValue() - 1;
    }
}
