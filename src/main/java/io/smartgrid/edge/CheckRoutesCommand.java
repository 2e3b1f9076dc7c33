package io.smartgrid.edge;

import io.smartgrid.bridge.BridgeApplication;
import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.routes.Problem;
import io.smartgrid.routes.RouteChecker;
import io.smartgrid.routes.RouteFiles;
import io.smartgrid.routes.RouteRules;
import io.smartgrid.settings.SettingValues;
import io.smartgrid.support.Args;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.MainHelper;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.PluginHelper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code check-routes [--routes DIR] [--role edge|worker|bridge]}: checks route files as the role would load them, with
 * its real beans and settings, and starts nothing: no broker is touched, no data written (the beans are made over a
 * throw-away data folder). One line a problem (file, line, route, what), exit 0 when there is none, 64 otherwise.
 * Without {@code --routes}, the routes the role's settings name ({@code smartgrid.routes.dir}, or
 * {@code camel.main.routes-include-pattern}).
 */
public final class CheckRoutesCommand {
    public static final CommandSpec SPEC = CommandSpec.of("check-routes",
            "check route files as a role would load them, starting nothing",
            Flag.optional("routes", "DIR", "the folder of route files to check; default the routes the role's settings"
                    + " name (smartgrid.routes.dir, else camel.main.routes-include-pattern, else the shipped ones)"),
            Flag.optional("role", "edge|worker|bridge", "the role whose beans, settings and rules to check against;"
                    + " default edge"))
            .withNotes("With the role's real beans and settings: no broker is touched, no data written. One line a"
                    + " problem (file, line, route, what); exit 0 when there is none, 64 otherwise (docs/routes.md).")
            .readingSettings();

    private CheckRoutesCommand() {
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        Args a = Args.parse(args, 1, SPEC);
        String role = a.get("role", "edge");
        if (!List.of("edge", "worker", "bridge").contains(role)) {
            throw new IllegalArgumentException("--role: '" + role + "' is not one of edge, worker, bridge");
        }
        Path scratch = Files.createTempDirectory("smartgrid-check-routes");
        DefaultCamelContext context = new DefaultCamelContext(false);
        try {
            context.getCamelContextExtension().setName("check-routes");
            context.build();
            PropertiesComponent properties = context.getPropertiesComponent();
            properties.setLocation("classpath:application.properties");
            Properties override = new Properties();
            // the beans are made over a folder of their own, and the management port is not listened on
            override.put("smartgrid.data-dir", scratch.toString());
            override.put("smartgrid.management.port", "0");
            properties.setOverrideProperties(override);
            SettingValues values = new SettingValues(key -> properties.resolveProperty(key).orElse(null)).checked();
            List<CamelConfiguration> configurations = role.equals("bridge") ? BridgeApplication.configurations(values)
                    : EdgeApplication.configurations(values, role.equals("worker") ? IngestSource.KAFKA : IngestSource.MQTT);
            CamelBeanPostProcessor beans = PluginHelper.getBeanPostProcessor(context);
            for (CamelConfiguration configuration : configurations) {
                beans.postProcessBeforeInitialization(configuration, configuration.getClass().getName());
                beans.postProcessAfterInitialization(configuration, configuration.getClass().getName());
                configuration.configure(context);
            }
            Map<String, String> files = files(a, role, context);
            Properties settings = new Properties();
            for (String key : properties.loadProperties().stringPropertyNames()) {
                properties.resolveProperty(key).ifPresent(v -> settings.put(key, v));
            }
            RouteChecker.Result result = new RouteChecker(RouteChecker.beansOf(context), settings,
                    role.equals("bridge") ? RouteRules.bridge() : RouteRules.edge()).check(files);
            for (Problem p : result.problems()) {
                out.println(p.format());
            }
            if (!result.ok()) {
                return 64;
            }
            out.println("check-routes: " + files.size() + " files, " + result.loaded().routes().size() + " routes of the "
                    + role + ": no problem");
            return 0;
        } finally {
            context.stop();
            try (Stream<Path> walk = Files.walk(scratch)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary folder: the system clears it
            }
        }
    }

    private static Map<String, String> files(Args a, String role, CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (a.has("routes")) {
            Path dir = Path.of(a.get("routes", ""));
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--routes: " + dir + " is not a folder");
            }
            return RouteFiles.ofFolder(dir);
        }
        String dir = properties.resolveProperty("smartgrid.routes.dir").orElse("").strip();
        if (!dir.isEmpty()) {
            return RouteFiles.ofFolder(Path.of(dir));
        }
        String shipped = switch (role) {
            case "worker" -> EdgeApplication.WORKER_ROUTES;
            case "bridge" -> BridgeApplication.ROUTES;
            default -> properties.resolveProperty("camel.main.routes-include-pattern").orElse("");
        };
        // as camel-main reads it: a system property, the environment in either of its forms, then the file
        String pattern = MainHelper.lookupPropertyFromSysOrEnv("camel.main.routes-include-pattern")
                .or(() -> Optional.ofNullable(System.getenv("CAMEL_MAIN_ROUTESINCLUDEPATTERN"))).orElse(shipped);
        return RouteFiles.ofPattern(context, pattern);
    }
}
