package io.smartgrid.edge;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Operators edit and select the route files: without the routes the edge needs it must not start (an empty or
 * partial routes folder once ran with no rejects counted and no health), and a route it can do without is said to be
 * left out.
 */
final class RequiredRoutes extends MainListenerSupport {
    static final List<String> REQUIRED = List.of("ingest", "closed-window", "window-idle", "status", "spool-drain", "ingest-watchdog");
    static final List<String> OPTIONAL = List.of("forecast-evaluated", "triplets", "model-poll");
    static final String ERRORS = "edge-errors";

    @Override
    public void afterConfigure(BaseMainSupport main) {
        ModelCamelContext model = (ModelCamelContext) main.getCamelContext();
        Set<String> ids = model.getRouteDefinitions().stream().map(RouteDefinition::getRouteId).collect(Collectors.toSet());
        check(ids, model.getRouteConfigurationDefinition(ERRORS) != null,
                main.getCamelContext().getPropertiesComponent().resolveProperty("camel.main.routes-include-pattern").orElse("?"));
    }

    static void check(Set<String> ids, boolean errorsPresent, String pattern) {
        List<String> missing = REQUIRED.stream().filter(id -> !ids.contains(id)).toList();
        if (!missing.isEmpty() || !errorsPresent) {
            throw new IllegalArgumentException("camel.main.routes-include-pattern: the routes " + pattern + " lack "
                    + (missing.isEmpty() ? "" : "route(s) " + String.join(", ", missing))
                    + (!missing.isEmpty() && !errorsPresent ? " and " : "")
                    + (errorsPresent ? "" : "the route configuration " + ERRORS + " (errors.yaml)"));
        }
        for (String id : OPTIONAL) {
            if (!ids.contains(id)) {
                LoggerFactory.getLogger(RequiredRoutes.class).info("route {} is left out by the routes selected", id);
            }
        }
    }
}
