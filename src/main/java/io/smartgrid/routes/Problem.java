package io.smartgrid.routes;

/**
 * One problem of the route files: the file (null for the set as a whole), its line (0 when none is known), the route
 * (null when none) and what is wrong, as one line: {@code closed-window.yaml:13: route closed-window: no bean writePointsTypo (…)}.
 */
public record Problem(String file, int line, String routeId, String message) {
    public String format() {
        return (file == null ? "" : file + ":" + (line > 0 ? line + ":" : "") + " ")
                + (routeId == null ? "" : "route " + routeId + ": ") + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
