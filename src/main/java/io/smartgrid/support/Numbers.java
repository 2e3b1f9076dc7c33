package io.smartgrid.support;

import java.math.BigDecimal;

/** Number text that InfluxDB line protocol and JSON readers both take: plain decimals, no exponent. */
public final class Numbers {
    private Numbers() {
    }

    /** A finite double as a plain decimal that reads back to the same double, with a fraction part. */
    public static String plain(double value) {
        String s = Double.toString(value);
        if (s.indexOf('E') >= 0) {
            s = new BigDecimal(s).toPlainString();
            if (s.indexOf('.') < 0) {
                s += ".0";
            }
        }
        return s;
    }
}
