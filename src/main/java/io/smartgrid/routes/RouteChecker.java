package io.smartgrid.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Component;
import org.apache.camel.ExpressionIllegalSyntaxException;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.LineNumberAware;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.StartupSummaryLevel;
import org.apache.camel.TypeConversionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.OtherwiseDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks YAML route files without starting anything: each file is parsed by Camel's own YAML loader into route
 * definitions in a scratch context that is built but never started, the rules over the whole set ({@link RouteRules})
 * are applied, and every route is then created (reified) with {@code ModelReifierFactory.createRoute}: that resolves the
 * beans the steps name, the endpoints (scheme and options) and the property placeholders, as the real start would, but
 * no route service is added and no consumer started (no broker connection, no timer thread, no file written). Each
 * problem is one line: the file, the line (the YAML loader marks every definition with its line), the route, what.
 */
public final class RouteChecker {
    /** A rule over all routes of a folder (the structural rules). */
    public interface Rule {
        void check(Loaded loaded, Consumer<Problem> problems);
    }

    /** What was loaded: per file, its routes; the route configurations; and the scratch context (for placeholders). */
    public static final class Loaded {
        public final Map<String, List<RouteDefinition>> routesByFile = new LinkedHashMap<>();
        public final Map<String, String> fileOfConfiguration = new LinkedHashMap<>();
        public final Map<String, String> textByFile = new LinkedHashMap<>();
        public final CamelContext context;

        Loaded(CamelContext context) {
            this.context = context;
        }

        public List<RouteDefinition> routes() {
            return routesByFile.values().stream().flatMap(List::stream).toList();
        }

        /** The URI with its placeholders resolved, or as written if one cannot be (reported elsewhere). */
        public String resolve(String uri) {
            try {
                return context.resolvePropertyPlaceholders(uri);
            } catch (RuntimeException e) {
                return uri;
            }
        }
    }

    /** The outcome: the problems, one per line, and what was loaded. */
    public record Result(List<Problem> problems, Loaded loaded) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.+?)}}");
    private static final Pattern PROPERTY_NOT_FOUND = Pattern.compile("Property with key \\[(.+?)] not found");
    private static final Pattern UNKNOWN_PARAMETERS = Pattern.compile("Unknown parameters=\\[\\{(.+?)}]");
    private static final Pattern METHOD_NOT_FOUND = Pattern.compile("Method with name: (\\S+) not found");

    private final BeanRepository beans;
    private final Properties properties;
    private final RouteRules rules;

    /**
     * @param beans      the beans the routes may name (the application's, as {@link #beansOf} gives a live context's)
     * @param properties the settings the placeholders resolve to
     */
    public RouteChecker(BeanRepository beans, Properties properties, RouteRules rules) {
        this.beans = beans;
        this.properties = properties;
        this.rules = rules;
    }

    /** A registry view of {@code live} for a scratch context: its beans, but not its components (those stay its own). */
    public static BeanRepository beansOf(CamelContext live) {
        BeanRepository registry = live.getRegistry();
        return new BeanRepository() {
            @Override
            public Object lookupByName(String name) {
                Object bean = registry.lookupByName(name);
                return bean instanceof Component ? null : bean;
            }

            @Override
            public <T> T lookupByNameAndType(String name, Class<T> type) {
                T bean = registry.lookupByNameAndType(name, type);
                return bean instanceof Component ? null : bean;
            }

            @Override
            public <T> Map<String, T> findByTypeWithName(Class<T> type) {
                Map<String, T> found = new LinkedHashMap<>(registry.findByTypeWithName(type));
                found.values().removeIf(Component.class::isInstance);
                return found;
            }

            @Override
            public <T> Set<T> findByType(Class<T> type) {
                Set<T> found = new LinkedHashSet<>(registry.findByType(type));
                found.removeIf(Component.class::isInstance);
                return found;
            }
        };
    }

    /** Checks a set of files given as path -> content (the content a watcher has read once). */
    public Result check(Map<String, String> files) {
        // reifiers call CamelContextAware.setCamelContext on some beans they look up (aggregation strategies): a live
        // bean would be left pointing at the scratch context. Remember and restore.
        Map<CamelContextAware, CamelContext> owners = new IdentityHashMap<>();
        for (CamelContextAware aware : beans.findByType(CamelContextAware.class)) {
            owners.put(aware, aware.getCamelContext());
        }
        DefaultCamelContext context = scratchContext();
        try {
            List<Problem> problems = new ArrayList<>();
            Loaded loaded = load(context, files, problems::add);
            // what creating a route finds first: a misspelt bean explains the rule it then seems to break
            createRoutes(loaded, problems::add);
            problems.addAll(checkLoaded(loaded, rules));
            return new Result(dedupe(problems), loaded);
        } finally {
            context.stop();
            owners.forEach((aware, owner) -> {
                if (aware.getCamelContext() != owner) {
                    aware.setCamelContext(owner);
                }
            });
        }
    }

    /**
     * The rules over a loaded set, short of creating the routes: ids, route configurations, placeholders, what of the
     * expressions does not depend on the message, the role's.
     */
    public static List<Problem> checkLoaded(Loaded loaded, RouteRules rules) {
        List<Problem> problems = new ArrayList<>();
        checkIds(loaded, rules.requiredRoutes(), problems::add);
        checkConfigurations(loaded, rules.requiredConfigurations(), problems::add);
        checkPlaceholders(loaded, problems::add);
        RouteExpressions.check(loaded, problems::add);
        for (Rule rule : rules.rules()) {
            rule.check(loaded, problems::add);
        }
        return dedupe(problems);
    }

    private DefaultCamelContext scratchContext() {
        DefaultCamelContext context = new DefaultCamelContext(false);
        context.getCamelContextExtension().setRegistry(new DefaultRegistry(beans));
        context.getCamelContextExtension().setName("route-check");
        context.setStartupSummaryLevel(StartupSummaryLevel.Off);
        context.getPropertiesComponent().setInitialProperties(properties);
        // built, not started: components and endpoints can be created, nothing runs
        context.build();
        return context;
    }

    /**
     * Parses the files into route definitions in {@code context}: the route configurations are added to its model (a
     * route takes its routeConfigurationId's onException when it is configured), the routes are prepared, not added.
     */
    public static Loaded load(CamelContext context, Map<String, String> files, Consumer<Problem> problems) {
        Loaded loaded = new Loaded(context);
        Map<String, RoutesBuilder> builders = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            String name = file.getKey();
            loaded.textByFile.put(name, file.getValue());
            Resource resource = ResourceHelper.fromString(name.startsWith("classpath:") ? name : "file:" + name, file.getValue());
            try {
                Collection<RoutesBuilder> found = PluginHelper.getRoutesLoader(context).findRoutesBuilders(List.of(resource));
                builders.put(name, found.iterator().next());
            } catch (Exception e) {
                problems.accept(parseProblem(name, e));
            }
        }
        // route configurations first: a route takes its routeConfigurationId's onException when it is configured
        for (Map.Entry<String, RoutesBuilder> entry : builders.entrySet()) {
            if (entry.getValue() instanceof RouteConfigurationBuilder rcb) {
                try {
                    ModelCamelContext model = (ModelCamelContext) context;
                    Set<RouteConfigurationDefinition> before = new LinkedHashSet<>(model.getRouteConfigurationDefinitions());
                    rcb.addRouteConfigurationsToCamelContext(context);
                    for (RouteConfigurationDefinition c : model.getRouteConfigurationDefinitions()) {
                        if (!before.contains(c)) {
                            loaded.fileOfConfiguration.put(c.getId(), entry.getKey());
                        }
                    }
                } catch (Exception e) {
                    problems.accept(parseProblem(entry.getKey(), e));
                }
            }
        }
        for (Map.Entry<String, RoutesBuilder> entry : builders.entrySet()) {
            try {
                // configureRoutes: the definitions, prepared (route configurations applied), NOT added to the context
                List<RouteDefinition> routes = ((RouteBuilder) entry.getValue()).configureRoutes(context).getRoutes();
                loaded.routesByFile.put(entry.getKey(), new ArrayList<>(routes));
            } catch (Exception e) {
                problems.accept(parseProblem(entry.getKey(), e));
            }
        }
        return loaded;
    }

    /** A YAML error: snakeyaml-engine's marks give the line and column (0-based). */
    static Problem parseProblem(String file, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException m) {
                Optional<Mark> mark = m.getProblemMark().or(m::getContextMark);
                int line = mark.map(k -> k.getLine() + 1).orElse(0);
                String where = mark.map(k -> " (column " + (k.getColumn() + 1) + ")").orElse("");
                String what = (m.getContext() == null ? "" : m.getContext() + ": ") + m.getProblem();
                return new Problem(file, line, null, "YAML: " + what.strip() + where);
            }
        }
        return new Problem(file, 0, null, "cannot load: " + rootMessage(e));
    }

    private static void checkIds(Loaded loaded, List<String> requiredRoutes, Consumer<Problem> problems) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, List<RouteDefinition>> file : loaded.routesByFile.entrySet()) {
            for (RouteDefinition route : file.getValue()) {
                String id = route.getRouteId();
                if (route.getId() == null || !route.hasCustomIdAssigned()) {
                    problems.accept(new Problem(file.getKey(), line(route), null,
                            "route from " + route.getInput().getEndpointUri() + " has no id (a route is swapped by its id)"));
                } else if (seen.containsKey(id)) {
                    problems.accept(new Problem(file.getKey(), line(route), id,
                            "route id defined twice (also in " + shortName(seen.get(id)) + ")"));
                } else {
                    seen.put(id, file.getKey());
                }
            }
        }
        for (String id : requiredRoutes) {
            if (!seen.containsKey(id)) {
                problems.accept(new Problem(null, 0, id, "required route missing"));
            }
        }
    }

    private static void checkConfigurations(Loaded loaded, List<String> requiredConfigurations, Consumer<Problem> problems) {
        for (String id : requiredConfigurations) {
            if (!loaded.fileOfConfiguration.containsKey(id)) {
                problems.accept(new Problem(null, 0, null, "required route configuration " + id + " missing"));
            }
        }
        for (Map.Entry<String, List<RouteDefinition>> file : loaded.routesByFile.entrySet()) {
            for (RouteDefinition route : file.getValue()) {
                String ids = route.getRouteConfigurationId();
                if (ids == null) {
                    continue;
                }
                for (String id : ids.split(",")) {
                    // Camel itself applies nothing, silently, for an id that matches no route configuration
                    if (!id.contains("*") && !loaded.fileOfConfiguration.containsKey(id.strip())) {
                        problems.accept(new Problem(file.getKey(), lineOfText(loaded, file.getKey(), line(route), id.strip()),
                                route.getRouteId(), "routeConfigurationId " + id.strip() + " matches no routeConfiguration"));
                    }
                }
            }
        }
    }

    /** Every {{key}} in the text must resolve: the line is the text's own. */
    private static void checkPlaceholders(Loaded loaded, Consumer<Problem> problems) {
        for (Map.Entry<String, String> file : loaded.textByFile.entrySet()) {
            String[] lines = file.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].stripLeading().startsWith("#")) {
                    continue;
                }
                Matcher m = PLACEHOLDER.matcher(lines[i]);
                while (m.find()) {
                    String key = m.group(1).strip();
                    if (key.startsWith("?")) {
                        continue; // optional
                    }
                    try {
                        loaded.context.resolvePropertyPlaceholders("{{" + key + "}}");
                    } catch (RuntimeException e) {
                        problems.accept(new Problem(file.getKey(), i + 1, routeAt(loaded, file.getKey(), i + 1),
                                "unknown property placeholder {{" + key + "}}"));
                    }
                }
            }
        }
    }

    private static void createRoutes(Loaded loaded, Consumer<Problem> problems) {
        ModelCamelContext model = (ModelCamelContext) loaded.context;
        Set<String> created = new LinkedHashSet<>();
        for (Map.Entry<String, List<RouteDefinition>> file : loaded.routesByFile.entrySet()) {
            for (RouteDefinition route : file.getValue()) {
                if (!created.add(route.getRouteId())) {
                    continue; // a duplicate id, reported already
                }
                try {
                    // the reifier: endpoint (scheme, options), processors (ref: beans), expressions, placeholders.
                    // No RouteService is made, so nothing is started: the Route object is dropped.
                    model.getModelReifierFactory().createRoute(loaded.context, route);
                } catch (Exception e) {
                    Problem p = creationProblem(loaded, file.getKey(), route, e);
                    // a placeholder is reported by the text scan, on its own line
                    if (!p.message().startsWith("unknown property placeholder")) {
                        problems.accept(p);
                    }
                }
            }
        }
    }

    /**
     * What the real start's failure to create a route means, as one line: the route, the file, and the line of its
     * deepest step naming what failed.
     */
    public static Problem creationProblem(Loaded loaded, FailedToCreateRouteException e) {
        for (Map.Entry<String, List<RouteDefinition>> file : loaded.routesByFile.entrySet()) {
            for (RouteDefinition route : file.getValue()) {
                if (route.getRouteId().equals(e.getRouteId())) {
                    return creationProblem(loaded, file.getKey(), route, e);
                }
            }
        }
        return new Problem(null, 0, e.getRouteId(), blame(e)[1]);
    }

    /** The deepest step (or the from) whose text names what failed, and within it the line naming it. */
    static Problem creationProblem(Loaded loaded, String file, RouteDefinition route, Exception e) {
        String[] found = blame(e);
        String token = found[0];
        String what = found[1];
        LineNumberAware node = token == null ? route.getInput() : deepestNaming(route, token);
        if (node == null) {
            node = route.getInput();
        }
        String nodeFile = node.getLocation() != null ? stripScheme(node.getLocation()) : file;
        int line = token == null ? node.getLineNumber() : lineOfText(loaded, nodeFile, node.getLineNumber(), token);
        return new Problem(nodeFile, line, route.getRouteId(), what);
    }

    /**
     * What to look for in the definitions (the token) and what to say, from the cause chain of a
     * FailedToCreateRouteException: the most specific cause wins, wherever it is in the chain.
     */
    public static String[] blame(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        String root = rootMessage(e);
        // innermost first: the wrappers repeat their cause's message
        Collections.reverse(chain);
        for (Throwable t : chain) {
            if (t instanceof NoSuchBeanException nsb && nsb.getName() != null) {
                return new String[] {nsb.getName(), "no bean " + nsb.getName() + " (" + nsb.getMessage() + ")"};
            }
        }
        for (Throwable t : chain) {
            Matcher key = PROPERTY_NOT_FOUND.matcher(String.valueOf(t.getMessage()));
            if (key.find()) {
                return new String[] {"{{" + key.group(1), "unknown property placeholder {{" + key.group(1) + "}} ("
                        + firstLine(t.getMessage()) + ")"};
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ExpressionIllegalSyntaxException syntax && syntax.getExpression() != null) {
                return new String[] {syntax.getExpression(), "bad expression: " + firstLine(syntax.getMessage())};
            }
            Matcher method = METHOD_NOT_FOUND.matcher(String.valueOf(t.getMessage()));
            if (method.find()) {
                return new String[] {method.group(1), firstLine(t.getMessage())};
            }
            if (t instanceof ClassNotFoundException cnf) {
                return new String[] {cnf.getMessage(), "class not found: " + cnf.getMessage()};
            }
            if (t instanceof TypeConversionException conversion && conversion.getValue() != null) {
                // a constant that is not of its resultType (an enum constant misspelt)
                return new String[] {String.valueOf(conversion.getValue()), "constant '" + conversion.getValue() + "' is not a "
                        + conversion.getToType().getSimpleName() + " (" + firstLine(root) + ")"};
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ResolveEndpointFailedException ref) {
                Matcher unknown = UNKNOWN_PARAMETERS.matcher(String.valueOf(ref.getMessage()));
                String uri = ref.getUri();
                String token = unknown.find() ? unknown.group(1).split("=")[0]
                        : uri.contains(":") ? uri.substring(0, uri.indexOf(':') + 1) : uri;
                return new String[] {token, "bad endpoint: " + firstLine(root)};
            }
            if (t instanceof NoSuchEndpointException nse) {
                String uri = nse.getUri();
                String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':') + 1) : uri;
                return new String[] {scheme, "unknown endpoint scheme " + scheme + " (" + firstLine(nse.getMessage()) + ")"};
            }
        }
        return new String[] {null, firstLine(root)};
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static LineNumberAware deepestNaming(RouteDefinition route, String token) {
        LineNumberAware[] best = {null};
        int[] bestDepth = {-1};
        visit(route, 0, (node, depth) -> {
            String text = node instanceof FromDefinition from ? from.getEndpointUri() : node.toString();
            if (text != null && text.contains(token) && depth > bestDepth[0]) {
                best[0] = node;
                bestDepth[0] = depth;
            }
        });
        return best[0];
    }

    interface Visitor {
        void visit(LineNumberAware node, int depth);
    }

    /** The from and every step, nested steps too (choice's when/otherwise, onException, split, filter ...). */
    static void visit(RouteDefinition route, int depth, Visitor visitor) {
        visitor.visit(route.getInput(), depth + 1);
        for (ProcessorDefinition<?> out : route.getOutputs()) {
            visitStep(out, depth + 1, visitor);
        }
    }

    private static void visitStep(ProcessorDefinition<?> step, int depth, Visitor visitor) {
        visitor.visit(step, depth);
        if (step instanceof ChoiceDefinition choice) {
            // when/otherwise are not ProcessorDefinitions in 4.x; ChoiceDefinition.getOutputs() flattens them
            for (WhenDefinition when : choice.getWhenClauses()) {
                visitor.visit(when, depth + 1);
                for (ProcessorDefinition<?> out : when.getOutputs()) {
                    visitStep(out, depth + 2, visitor);
                }
            }
            OtherwiseDefinition otherwise = choice.getOtherwise();
            if (otherwise != null) {
                visitor.visit(otherwise, depth + 1);
                for (ProcessorDefinition<?> out : otherwise.getOutputs()) {
                    visitStep(out, depth + 2, visitor);
                }
            }
            return;
        }
        for (ProcessorDefinition<?> out : step.getOutputs()) {
            visitStep(out, depth + 1, visitor);
        }
    }

    /** From {@code from} (1-based; Camel's step line), the first line of the file's text holding {@code token}. */
    static int lineOfText(Loaded loaded, String file, int from, String token) {
        String text = loaded.textByFile.get(file);
        if (text == null || from <= 0) {
            return from;
        }
        String[] lines = text.split("\n", -1);
        for (int i = from - 1; i < lines.length && i < from + 40; i++) {
            if (lines[i].contains(token)) {
                return i + 1;
            }
        }
        return from;
    }

    /** The id of the route whose text holds this line (the last route starting at or before it). */
    static String routeAt(Loaded loaded, String file, int line) {
        String id = null;
        int start = -1;
        for (RouteDefinition route : loaded.routesByFile.getOrDefault(file, List.of())) {
            int l = line(route);
            if (l <= line && l > start) {
                start = l;
                id = route.getRouteId();
            }
        }
        return id;
    }

    static int line(OptionalIdentifiedDefinition<?> node) {
        return node.getLineNumber();
    }

    static String stripScheme(String location) {
        return location.startsWith("file:") ? location.substring(5) : location;
    }

    static String shortName(String file) {
        return file == null ? "-" : Path.of(file).getFileName().toString();
    }

    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && e instanceof FailedToCreateRouteException) {
            return root.getMessage();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }

    private static List<Problem> dedupe(List<Problem> problems) {
        Map<String, Problem> unique = new LinkedHashMap<>();
        for (Problem p : problems) {
            String key = p.file() + ":" + p.line() + ":" + p.message();
            Problem first = unique.get(key);
            if (first == null) {
                unique.put(key, p);
            } else if (p.routeId() != null && first.routeId() != null && !first.routeId().contains(p.routeId())) {
                unique.put(key, new Problem(first.file(), first.line(), first.routeId() + "," + p.routeId(), first.message()));
            }
        }
        return new ArrayList<>(unique.values());
    }
}
