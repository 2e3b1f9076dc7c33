package io.smartgrid.routes;

import org.apache.camel.LineNumberAware;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a role's routes must hold beyond what Camel checks: the routes and route configurations it cannot run without,
 * and the structure that keeps every reading durable. A route that takes the sensors' readings a second time would
 * split them (and their windows) between two routes; windows that do not reach {@code direct:closed-window} are never
 * written nor noted kept, so the journal would never let go of them; points written elsewhere than the write step
 * would be counted kept before they are; a route without the error handler would lose what fails in it.
 *
 * @param requiredRoutes         route ids the role refuses to start without
 * @param requiredConfigurations route configuration ids the same
 */
public record RouteRules(List<String> requiredRoutes, List<String> requiredConfigurations, List<RouteChecker.Rule> rules) {
    /** The schemes the sensors' readings come in by. */
    private static final List<String> SOURCES = List.of("paho-mqtt5:", "kafka:");
    static final List<String> OPTIONAL_EDGE_ROUTES = List.of("forecast-evaluated", "triplets", "model-poll", "live-scores");

    /** The edge's and a Kafka worker's routes: the same but for ingest's from. */
    public static RouteRules edge() {
        return new RouteRules(List.of("ingest", "closed-window", "window-idle", "status", "spool-drain", "ingest-watchdog"),
                List.of("edge-errors"), List.of(RouteRules::oneSource, RouteRules::errorHandled, RouteRules::directConsumed,
                RouteRules::windowsPassedOn, RouteRules::pointsWrittenByTheWriteStep));
    }

    /** The bridge's routes. */
    public static RouteRules bridge() {
        return new RouteRules(List.of("ingest", "status", "ingest-watchdog", "heartbeats"), List.of("bridge-errors"),
                List.of(RouteRules::oneSource, RouteRules::errorHandled, RouteRules::directConsumed));
    }

    /** The sensors' readings are taken once, by the route {@code ingest}. */
    static void oneSource(RouteChecker.Loaded loaded, Consumer<Problem> problems) {
        each(loaded, (file, route) -> {
            FromDefinition from = route.getInput();
            String uri = loaded.resolve(from.getEndpointUri());
            if (SOURCES.stream().anyMatch(uri::startsWith) && !route.getRouteId().equals("ingest")) {
                problems.accept(new Problem(file, from.getLineNumber(), route.getRouteId(), "takes the sensors' readings ("
                        + uri.split("\\?")[0] + ") besides the route ingest: they would be split between the two, and"
                        + " these would bypass the journal and the windows"));
            }
        });
    }

    /** Every route names its error handler (Camel applies none, silently, to a route that names none). */
    static void errorHandled(RouteChecker.Loaded loaded, Consumer<Problem> problems) {
        each(loaded, (file, route) -> {
            if (route.getRouteConfigurationId() == null) {
                problems.accept(new Problem(file, route.getLineNumber(), route.getRouteId(), "names no routeConfigurationId:"
                        + " what fails in it would be neither counted nor dead-lettered"));
            }
        });
    }

    /** Every direct: endpoint sent to has its route (a producer would wait 30 s for it, then fail). */
    static void directConsumed(RouteChecker.Loaded loaded, Consumer<Problem> problems) {
        Set<String> consumed = new HashSet<>();
        each(loaded, (file, route) -> consumed.add(name(loaded.resolve(route.getInput().getEndpointUri()))));
        each(loaded, (file, route) -> RouteChecker.visit(route, 0, (node, depth) -> {
            if (node instanceof SendDefinition<?> send && send.getEndpointUri() != null) {
                String to = name(loaded.resolve(send.getEndpointUri()));
                if (to.startsWith("direct:") && !consumed.contains(to)) {
                    problems.accept(new Problem(where(node, file), RouteChecker.lineOfText(loaded, where(node, file),
                            node.getLineNumber(), to.substring("direct:".length())), route.getRouteId(),
                            "sends to " + to + ", which no route takes"));
                }
            }
        }));
    }

    /** A route that closes windows ({@code windows}) sends them to direct:closed-window, where they are written. */
    static void windowsPassedOn(RouteChecker.Loaded loaded, Consumer<Problem> problems) {
        each(loaded, (file, route) -> {
            List<LineNumberAware> windows = uses(route, "windows");
            boolean passed = sends(route, loaded, "direct:closed-window");
            if (!windows.isEmpty() && !passed) {
                LineNumberAware step = windows.get(0);
                problems.accept(new Problem(where(step, file), step.getLineNumber(), route.getRouteId(), "closes windows"
                        + " (windows) but does not send them to direct:closed-window: they would be neither written nor"
                        + " kept"));
            }
        });
        each(loaded, (file, route) -> {
            if (route.getRouteId().equals("closed-window") && uses(route, "writePoints").isEmpty()) {
                problems.accept(new Problem(file, route.getLineNumber(), route.getRouteId(), "does not write the storage"
                        + " windows (process ref writePoints): they would never be kept"));
            }
        });
    }

    /** Points are written by the write step of closed-window and forecast-evaluated only. */
    static void pointsWrittenByTheWriteStep(RouteChecker.Loaded loaded, Consumer<Problem> problems) {
        Set<String> allowed = Set.of("direct:closed-window", "direct:forecast-evaluated");
        each(loaded, (file, route) -> {
            if (allowed.contains(name(loaded.resolve(route.getInput().getEndpointUri())))) {
                return;
            }
            for (LineNumberAware use : uses(route, "writePoints")) {
                problems.accept(new Problem(where(use, file), RouteChecker.lineOfText(loaded, where(use, file), use.getLineNumber(),
                        "writePoints"), route.getRouteId(), "uses writePoints directly: points must go through"
                        + " direct:closed-window"));
            }
        });
    }

    private interface RouteVisitor {
        void visit(String file, RouteDefinition route);
    }

    private static void each(RouteChecker.Loaded loaded, RouteVisitor visitor) {
        Map<String, List<RouteDefinition>> byFile = new LinkedHashMap<>(loaded.routesByFile);
        byFile.forEach((file, routes) -> routes.forEach(route -> visitor.visit(file, route)));
    }

    /** The steps of a route that name the bean (process, bean, to bean:). */
    private static List<LineNumberAware> uses(RouteDefinition route, String bean) {
        List<LineNumberAware> out = new ArrayList<>();
        RouteChecker.visit(route, 0, (node, depth) -> {
            if (node instanceof ProcessDefinition p && bean.equals(p.getRef())
                    || node instanceof BeanDefinition b && bean.equals(b.getRef())
                    || node instanceof SendDefinition<?> s && s.getEndpointUri() != null
                    && s.getEndpointUri().matches("bean:" + bean + "(\\?.*)?")) {
                out.add(node);
            }
        });
        return out;
    }

    private static boolean sends(RouteDefinition route, RouteChecker.Loaded loaded, String endpoint) {
        boolean[] found = {false};
        RouteChecker.visit(route, 0, (node, depth) -> {
            if (node instanceof SendDefinition<?> s && s.getEndpointUri() != null && name(loaded.resolve(s.getEndpointUri())).equals(endpoint)) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** An endpoint's scheme and name, without options: {@code direct:closed-window}. */
    private static String name(String uri) {
        return uri.split("\\?")[0].replaceFirst("^([a-z0-9-]+):/+", "$1:");
    }

    private static String where(LineNumberAware node, String file) {
        return node.getLocation() != null ? RouteChecker.stripScheme(node.getLocation()) : file;
    }
}
