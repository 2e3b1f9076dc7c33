package io.smartgrid.routes;

import io.smartgrid.support.Counters;
import io.smartgrid.support.RouteChanges;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads a role's routes itself (camel-main's own loading is off: {@code camel.main.routes-collector-enabled=false}),
 * once the beans are bound and before anything starts, and checks them first: a file that does not parse, a route that
 * is missing, defined twice or breaks the role's rules ({@link RouteRules}) stops the start with one line naming the
 * file, the line and the route (exit 64), instead of a stack trace. What only creating a route tells (an unknown bean,
 * endpoint option or method) the real start finds, and {@link #explain} says in the same one line. With
 * {@code smartgrid.routes.dir} set, the folder's routes are the ones loaded, and it is watched ({@link RouteReload}).
 */
public final class RouteLoading extends MainListenerSupport {
    private static final String PATTERN = "camel.main.routes-include-pattern";
    private static final String DIR = "smartgrid.routes.dir";

    private final RouteRules rules;
    private RouteChecker.Loaded loaded;
    private String source = PATTERN;
    private RouteReload reload;

    public RouteLoading(RouteRules rules) {
        this.rules = rules;
    }

    /**
     * Off before camel-main reads any setting: it pre-parses the files of the include pattern (for modelines) before it
     * applies {@code camel.main.routes-collector-enabled} from the settings, and a YAML typo there would end the start
     * on the parser's stack trace instead of this check's one line.
     */
    @Override
    public void beforeInitialize(BaseMainSupport main) {
        main.configure().setRoutesCollectorEnabled(false);
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        PropertiesComponent properties = context.getPropertiesComponent();
        String dir = properties.resolveProperty(DIR).orElse("").strip();
        Map<String, String> files;
        if (dir.isEmpty()) {
            // as camel-main resolved it: the file, the environment in either of its forms, system properties
            String pattern = main.configure().getRoutesIncludePattern();
            files = RouteFiles.ofPattern(context, pattern == null ? "" : pattern);
        } else {
            source = DIR;
            files = RouteFiles.ofFolder(Path.of(dir));
        }
        List<Problem> problems = new ArrayList<>();
        loaded = RouteChecker.load(context, files, problems::add);
        problems.addAll(RouteChecker.checkLoaded(loaded, rules));
        if (!problems.isEmpty()) {
            throw refused(explained(context, problems));
        }
        try {
            ((ModelCamelContext) context).addRouteDefinitions(loaded.routes());
        } catch (Exception e) {
            throw new IllegalStateException("cannot add the routes", e);
        }
        Set<String> ids = loaded.routes().stream().map(RouteDefinition::getRouteId).collect(Collectors.toSet());
        for (String id : RouteRules.OPTIONAL_EDGE_ROUTES) {
            if (rules.requiredRoutes().contains("closed-window") && !ids.contains(id)) {
                LoggerFactory.getLogger(RouteLoading.class).info("route {} is left out by the routes selected", id);
            }
        }
        if (!dir.isEmpty()) {
            RouteChanges changes = new RouteChanges();
            context.getRegistry().bind("routeChanges", changes);
            reload = new RouteReload(Path.of(dir), files, rules,
                    context.getRegistry().lookupByNameAndType("counters", Counters.class), changes);
            context.getRegistry().bind("routesReload", reload.healthCheck());
        }
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        if (reload != null) {
            try {
                reload.start(main.getCamelContext());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch " + DIR, e);
            }
        }
    }

    @Override
    public void beforeStop(BaseMainSupport main) {
        if (reload != null) {
            try {
                reload.close();
            } catch (IOException e) {
                // stopping: the watcher's thread ends with the JVM
            }
        }
    }

    /**
     * Runs a role's camel-main with this listener in it: a failure to create a route at start becomes the check's one
     * line (an IllegalArgumentException: exit 64), not a stack trace.
     */
    public static int run(Main main) throws Exception {
        RouteLoading loading = main.getMainListeners().stream().filter(RouteLoading.class::isInstance)
                .map(RouteLoading.class::cast).findFirst().orElseThrow();
        try {
            main.run();
        } catch (Exception e) {
            IllegalArgumentException explained = loading.explain(e);
            throw explained != null ? explained : e;
        }
        return main.getExitCode();
    }

    /** The start's failure to create a route, as the check's one line; null for any other failure. */
    public IllegalArgumentException explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException created && loaded != null) {
                return new IllegalArgumentException(source + ": " + RouteChecker.creationProblem(loaded, created).format());
            }
        }
        return null;
    }

    /**
     * Problems found at start, with first what creating their routes says: a misspelt bean explains the rule its route
     * then seems to break (as check-routes, which creates every route, reports it). Only on a failed start: the routes
     * are created in the context, which then never starts.
     */
    private List<Problem> explained(CamelContext context, List<Problem> problems) {
        List<Problem> first = new ArrayList<>();
        for (RouteDefinition route : loaded.routes()) {
            if (problems.stream().noneMatch(p -> route.getRouteId().equals(p.routeId()))) {
                continue;
            }
            try {
                ((ModelCamelContext) context).getModelReifierFactory().createRoute(context, route);
            } catch (FailedToCreateRouteException e) {
                first.add(RouteChecker.creationProblem(loaded, e));
            } catch (Exception e) {
                // the rule's own problem stands
            }
        }
        first.addAll(problems);
        return first;
    }

    private IllegalArgumentException refused(List<Problem> problems) {
        return new IllegalArgumentException(source + ": " + problems.get(0).format() + (problems.size() > 1
                ? " (and " + (problems.size() - 1) + " more: java -jar smart-grid.jar check-routes lists them)" : ""));
    }
}
