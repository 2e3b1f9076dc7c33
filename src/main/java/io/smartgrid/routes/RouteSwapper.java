package io.smartgrid.routes;

import io.smartgrid.support.RouteChanges;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PatternHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Swaps the routes of one changed YAML file in a running context, after the checker passed the folder as it would be
 * with the change (camel-main's own route reload removes the old routes before it tries the new ones, so a bad save
 * left no route running in 4.17: CAMEL-24860). Exactly the routes of that file are replaced (by id), plus, when the file holds a route
 * configuration, the routes that use it (they took its onException when they were configured). Every other route keeps
 * running. A change the checker refuses touches nothing; a change that passes the check but fails to start in the live
 * context is rolled back to the definitions that ran before.
 *
 * <p>The live calls: {@code RoutesLoader.findRoutesBuilders} + {@code RouteBuilder.configureRoutes(live)} (definitions,
 * prepared with the live route configurations, not added), {@code RouteConfigurationBuilder
 * .updateRouteConfigurationsToCamelContext(live)}, and per route {@code Model.addRouteDefinition(def)}, which stops and
 * removes the route of that id, then creates and starts the new one (the context is started).
 */
public final class RouteSwapper {
    private static final Logger LOG = LoggerFactory.getLogger(RouteSwapper.class);

    /** What a change did: applied or not, the problems (refused), and the route ids started and removed. */
    public record Outcome(boolean applied, List<Problem> problems, List<String> swapped, List<String> removed,
                          long checkMillis, long liveMillis) {
        static Outcome unchanged() {
            return new Outcome(true, List.of(), List.of(), List.of(), 0, 0);
        }

        static Outcome refused(List<Problem> problems, long checkMillis) {
            return new Outcome(false, problems, List.of(), List.of(), checkMillis, 0);
        }
    }

    private final CamelContext live;
    private final ModelCamelContext model;
    private final RouteChecker checker;
    private final RouteChanges changes;
    /** file -> the text now running */
    private final Map<String, String> applied = new TreeMap<>();

    /**
     * @param initial the files the live context was started with (path -> text), as checked before the start
     * @param changes held while the routes are swapped
     */
    public RouteSwapper(CamelContext live, RouteChecker checker, Map<String, String> initial, RouteChanges changes) {
        this.changes = changes;
        this.live = live;
        this.model = (ModelCamelContext) live;
        this.checker = checker;
        this.applied.putAll(initial);
    }

    public synchronized Map<String, String> applied() {
        return Map.copyOf(applied);
    }

    /** A file changed ({@code text}) or was removed ({@code text == null}). */
    public synchronized Outcome apply(String file, String text) {
        if (Objects.equals(applied.get(file), text)) {
            return Outcome.unchanged(); // a touch, or a save of the same text
        }
        Map<String, String> candidate = new TreeMap<>(applied);
        if (text == null) {
            candidate.remove(file);
        } else {
            candidate.put(file, text);
        }
        // 1. the whole folder as it would be, in a scratch context: nothing live is touched
        long start = System.nanoTime();
        RouteChecker.Result result = checker.check(candidate);
        long checkMillis = (System.nanoTime() - start) / 1_000_000;
        if (!result.ok()) {
            return Outcome.refused(result.problems(), checkMillis);
        }
        // 2. the files to reload live: this one, and those using a route configuration it defines (or defined)
        Set<String> configs = configurationsOf(file);
        configs.addAll(result.loaded().fileOfConfiguration.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue().equals(file)).map(Map.Entry::getKey).toList());
        List<String> files = new ArrayList<>();
        files.add(file);
        if (!configs.isEmpty()) {
            for (RouteDefinition def : model.getRouteDefinitions()) {
                String f = fileOf(def);
                if (f != null && !files.contains(f) && usesAny(def, configs) && candidate.containsKey(f)) {
                    files.add(f);
                }
            }
        }
        changes.begin();
        try {
            return swap(file, files, candidate, configs, checkMillis);
        } catch (Exception e) {
            return Outcome.refused(List.of(new Problem(file, 0, null, "not applied, live load failed: "
                    + RouteChecker.rootMessage(e))), checkMillis);
        } finally {
            changes.end();
        }
    }

    private Outcome swap(String file, List<String> files, Map<String, String> candidate, Set<String> configs,
                         long checkMillis) throws Exception {
        long start = System.nanoTime();
        // the route configurations now in the model that the file had, to restore on a rollback
        List<RouteConfigurationDefinition> oldConfigs = new ArrayList<>();
        for (String id : configs) {
            RouteConfigurationDefinition c = model.getRouteConfigurationDefinition(id);
            if (c != null) {
                oldConfigs.add(c);
            }
        }
        Set<String> oldIds = idsOf(file);
        // parse against the live context; route configurations first, as routes take theirs when configured
        String text = candidate.get(file);
        RoutesBuilder changed = text == null ? null : load(file, text);
        if (!configs.isEmpty()) {
            for (RouteConfigurationDefinition c : oldConfigs) {
                model.removeRouteConfiguration(c);
            }
            if (changed instanceof RouteConfigurationBuilder rcb) {
                rcb.updateRouteConfigurationsToCamelContext(live);
            }
        }
        Map<String, RouteDefinition> next = new LinkedHashMap<>();
        for (String f : files) {
            RoutesBuilder builder = f.equals(file) ? changed : load(f, candidate.get(f));
            if (builder == null) {
                continue;
            }
            if (!f.equals(file) && builder instanceof RouteConfigurationBuilder rcb) {
                rcb.updateRouteConfigurationsToCamelContext(live);
            }
            for (RouteDefinition def : ((RouteBuilder) builder).configureRoutes(live).getRoutes()) {
                next.put(def.getRouteId(), def);
            }
        }
        List<String> removed = new ArrayList<>(oldIds);
        removed.removeAll(next.keySet());

        // 3. swap, route by route; remember what ran before for a rollback
        Map<String, RouteDefinition> before = new LinkedHashMap<>();
        List<String> done = new ArrayList<>();
        try {
            for (String id : removed) {
                before.put(id, model.getRouteDefinition(id));
                remove(id);
                done.add(id);
            }
            for (RouteDefinition def : next.values()) {
                String id = def.getRouteId();
                before.put(id, model.getRouteDefinition(id));
                done.add(id);
                // stops (gracefully: in-flight exchanges finish) and removes the route of this id, then creates and
                // starts the new one; a producer to its direct: endpoint waits meanwhile (direct block=true)
                model.addRouteDefinition(def);
                startIfStopped(id);
            }
        } catch (Exception e) {
            LOG.warn("Swapping {} failed, restoring the routes that ran before: {}", file, RouteChecker.rootMessage(e));
            rollback(done, before, configs, oldConfigs);
            return Outcome.refused(List.of(new Problem(file, 0, null,
                    "not applied (rolled back): " + RouteChecker.rootMessage(e))), checkMillis);
        }
        if (text == null) {
            applied.remove(file);
        } else {
            applied.put(file, text);
        }
        for (String f : files) {
            if (candidate.get(f) != null) {
                applied.put(f, candidate.get(f));
            }
        }
        return new Outcome(true, List.of(), List.copyOf(next.keySet()), removed, checkMillis,
                (System.nanoTime() - start) / 1_000_000);
    }

    private void rollback(List<String> done, Map<String, RouteDefinition> before, Set<String> configs,
                          List<RouteConfigurationDefinition> oldConfigs) {
        try {
            for (String id : configs) {
                RouteConfigurationDefinition c = model.getRouteConfigurationDefinition(id);
                if (c != null) {
                    model.removeRouteConfiguration(c);
                }
            }
            for (RouteConfigurationDefinition c : oldConfigs) {
                model.addRouteConfiguration(c);
            }
            List<String> undo = new ArrayList<>(done);
            Collections.reverse(undo);
            for (String id : undo) {
                remove(id);
                RouteDefinition old = before.get(id);
                if (old != null) {
                    model.addRouteDefinition(old); // prepared already: created and started again as it was
                    startIfStopped(id);
                }
            }
        } catch (Exception e) {
            LOG.error("Rollback failed: routes may be missing until the next good change", e);
        }
    }

    private void remove(String id) throws Exception {
        RouteDefinition def = model.getRouteDefinition(id);
        if (def != null) {
            model.removeRouteDefinition(def); // stops and removes the route too
        } else if (live.getRoute(id) != null) {
            live.getRouteController().stopRoute(id);
            live.removeRoute(id);
        }
    }

    /**
     * Under the default route controller an added route starts by itself (its autoStartup). Under the supervising one
     * (camel.routecontroller.enabled=true) the context's autoStartup is false: a non-supervised route is started here;
     * a supervised one (include-routes, e.g. ingest) is NOT started by Model.addRouteDefinition either (observed: it
     * stays Stopped), so it is started through the controller, which on failure (broker down) keeps retrying it with
     * its backoff: that failure is not the change's fault and is not rolled back. Camel's own reload calls
     * SupervisingRouteController.startRoutes(true) instead, which also starts every other stopped route.
     */
    private void startIfStopped(String id) throws Exception {
        Route route = live.getRoute(id);
        if (route == null || !live.getRouteController().getRouteStatus(id).isStopped()) {
            return;
        }
        if (Boolean.TRUE.equals(route.getProperties().get(Route.SUPERVISED))) {
            try {
                live.getRouteController().startRoute(id);
            } catch (Exception e) {
                LOG.warn("Route {} did not start ({}); the supervising route controller retries it", id,
                        RouteChecker.rootMessage(e));
            }
        } else if (route.isAutoStartup()) {
            live.getRouteController().startRoute(id);
        }
    }

    private RoutesBuilder load(String file, String text) throws Exception {
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(live)
                .findRoutesBuilders(List.of(ResourceHelper.fromString(file.startsWith("classpath:") ? file : "file:" + file, text)));
        return builders.iterator().next();
    }

    private Set<String> idsOf(String file) {
        Set<String> ids = new LinkedHashSet<>();
        for (RouteDefinition def : model.getRouteDefinitions()) {
            if (file.equals(fileOf(def))) {
                ids.add(def.getRouteId());
            }
        }
        return ids;
    }

    private Set<String> configurationsOf(String file) {
        Set<String> ids = new LinkedHashSet<>();
        for (RouteConfigurationDefinition c : model.getRouteConfigurationDefinitions()) {
            if (c.getResource() != null && file.equals(RouteChecker.stripScheme(c.getResource().getLocation()))) {
                ids.add(c.getId());
            }
        }
        return ids;
    }

    static String fileOf(RouteDefinition def) {
        return def.getResource() == null ? null : RouteChecker.stripScheme(def.getResource().getLocation());
    }

    private static boolean usesAny(RouteDefinition def, Set<String> configs) {
        String ids = def.getRouteConfigurationId();
        if (ids == null) {
            return configs.contains(null); // a route without routeConfigurationId takes the id-less ones only
        }
        for (String id : ids.split(",")) {
            for (String c : configs) {
                if (c != null && PatternHelper.matchPattern(c, id.strip())) {
                    return true;
                }
            }
        }
        return false;
    }
}
