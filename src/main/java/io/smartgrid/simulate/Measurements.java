package io.smartgrid.simulate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Values of one reading by field name ({@code p_l1} …), filled into whatever layout is being simulated. */
final class Measurements {
    private final Map<String, Double> values = new HashMap<>(32);

    void set(String quantity, int phase, double value) {
        values.put(quantity + "_l" + (phase + 1), value);
    }

    double[] in(List<String> names) {
        double[] out = new double[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.getOrDefault(names.get(i), 0.0);
        }
        return out;
    }
}
