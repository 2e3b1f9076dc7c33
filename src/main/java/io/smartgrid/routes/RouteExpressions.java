package io.smartgrid.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.LineNumberAware;
import org.apache.camel.model.LogDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.model.language.SimpleExpression;
import org.apache.camel.support.DefaultExchange;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a route's Simple expressions does not depend on the message, evaluated before anything runs: a typo there
 * would otherwise fail every message that reaches it, and each would be dead-lettered. Creating a route parses Simple
 * (and converts a {@code constant} to its {@code resultType}), but resolves {@code ${type:…}} constants,
 * {@code ${properties:…}} keys and {@code ${bean:…}} names only when a message is evaluated. So each of those is
 * evaluated here, alone, on an empty exchange. A log step's message is Simple too.
 */
final class RouteExpressions {
    private static final Pattern TYPE = Pattern.compile("\\$\\{type:([^}\\s]+)}");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{properties:([^}:\\s]+)(:[^}]*)?}");
    private static final Pattern BEAN = Pattern.compile("\\$\\{(?:bean|ref):([^}.?\\s]+)[^}]*}");
    private static final String MODEL = "org.apache.camel.model.";

    private RouteExpressions() {
    }

    /** A route rule: one problem for each expression part that fails alone. */
    static void check(RouteChecker.Loaded loaded, Consumer<Problem> problems) {
        for (Map.Entry<String, List<RouteDefinition>> file : loaded.routesByFile.entrySet()) {
            for (RouteDefinition route : file.getValue()) {
                for (Found found : expressions(route)) {
                    check(loaded, file.getKey(), route.getRouteId(), found, problems);
                }
            }
        }
        for (RouteConfigurationDefinition configuration : ((ModelCamelContext) loaded.context).getRouteConfigurationDefinitions()) {
            String file = loaded.fileOfConfiguration.get(configuration.getId());
            if (file != null) {
                for (Found found : expressions(configuration)) {
                    check(loaded, file, null, found, problems);
                }
            }
        }
    }

    /** An expression and the nearest definition around it that knows its line. */
    record Found(ExpressionDefinition expression, LineNumberAware near) {
    }

    /** Every expression in a definition's tree: steps, their clauses, onException's handled and retry predicates. */
    static List<Found> expressions(Object definition) {
        List<Found> found = new ArrayList<>();
        walk(definition, null, Collections.newSetFromMap(new IdentityHashMap<>()), found);
        return found;
    }

    private static void walk(Object node, LineNumberAware near, Set<Object> seen, List<Found> found) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof LineNumberAware aware && aware.getLineNumber() > 0) {
            near = aware;
        }
        if (node instanceof ExpressionDefinition expression) {
            found.add(new Found(expression, near));
            return;
        }
        if (node instanceof LogDefinition log && log.getMessage() != null) {
            // a log step's message is Simple, kept as text
            found.add(new Found(new SimpleExpression(log.getMessage()), near));
        }
        for (Class<?> c = node.getClass(); c != null && c.getName().startsWith(MODEL); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                // a step's parent leads back up the tree, where the lines are another step's
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive() || field.getName().equals("parent")) {
                    continue;
                }
                Object value;
                try {
                    field.setAccessible(true);
                    value = field.get(node);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (value instanceof Iterable<?> items) {
                    for (Object item : items) {
                        walkModel(item, near, seen, found);
                    }
                } else if (value instanceof Map<?, ?> map) {
                    for (Object item : map.values()) {
                        walkModel(item, near, seen, found);
                    }
                } else {
                    walkModel(value, near, seen, found);
                }
            }
        }
    }

    private static void walkModel(Object value, LineNumberAware near, Set<Object> seen, List<Found> found) {
        if (value != null && value.getClass().getName().startsWith(MODEL)) {
            walk(value, near, seen, found);
        }
    }

    private static void check(RouteChecker.Loaded loaded, String file, String routeId, Found found, Consumer<Problem> problems) {
        CamelContext context = loaded.context;
        ExpressionDefinition expression = found.expression();
        String text = expression.getExpression() == null ? "" : expression.getExpression();
        Consumer<String[]> report = tokenAndWhat -> {
            LineNumberAware near = found.near();
            String where = near != null && near.getLocation() != null ? RouteChecker.stripScheme(near.getLocation()) : file;
            int line = near == null ? 0 : RouteChecker.lineOfText(loaded, where, near.getLineNumber(), tokenAndWhat[0]);
            problems.accept(new Problem(where, line, routeId, tokenAndWhat[1]));
        };
        if ("simple".equals(expression.getLanguage())) {
            checkSimple(loaded, text, report);
        }
    }

    private static void checkSimple(RouteChecker.Loaded loaded, String text, Consumer<String[]> report) {
        CamelContext context = loaded.context;
        Matcher type = TYPE.matcher(text);
        while (type.find()) {
            String name = type.group(1);
            try {
                Object value = context.resolveLanguage("simple").createExpression("${type:" + name + "}")
                        .evaluate(new DefaultExchange(context), Object.class);
                if (value == null) {
                    report.accept(new String[] {name, "${type:" + name + "} is null"});
                }
            } catch (RuntimeException e) {
                int dot = name.lastIndexOf('.');
                report.accept(new String[] {name, "unknown constant ${type:" + name + "}: " + (dot < 0 ? "" : "no "
                        + name.substring(dot + 1) + " in " + name.substring(0, dot) + " (")
                        + RouteChecker.firstLine(RouteChecker.rootMessage(e)) + (dot < 0 ? "" : ")")});
            }
        }
        Matcher property = PROPERTY.matcher(text);
        while (property.find()) {
            String key = property.group(1);
            if (property.group(2) == null && context.getPropertiesComponent().resolveProperty(key).isEmpty()) {
                report.accept(new String[] {key, "unknown property ${properties:" + key + "}"});
            }
        }
        Matcher bean = BEAN.matcher(text);
        while (bean.find()) {
            String name = bean.group(1);
            if (context.getRegistry().lookupByName(name) == null) {
                report.accept(new String[] {name, "no bean " + name + " (" + bean.group() + ")"});
            }
        }
    }
}
