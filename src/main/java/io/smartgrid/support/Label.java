package io.smartgrid.support;

/**
 * The value of a metric's one label ({@link Metric#label()}). A closed set of values is an enum that implements this
 * ({@code RejectedReadingException.Reason}, {@code WindowStream}, …), so a value cannot be misspelt; {@link #of} is
 * for the values the routes or the wiring name (a route id, a spool's name).
 */
public interface Label {
    /** As Prometheus shows it, e.g. {@code too_short}. */
    String label();

    static Label of(String value) {
        return new Named(value);
    }

    /** A value named at run time. */
    record Named(String label) implements Label {
        public Named {
            if (label == null || label.isEmpty()) {
                throw new IllegalArgumentException("a label value must not be empty");
            }
        }
    }
}
