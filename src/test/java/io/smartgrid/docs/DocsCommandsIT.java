package io.smartgrid.docs;

import com.sun.net.httpserver.HttpServer;
import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.AzuriteExtension;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.KafkaExtension;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.Sensors;
import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every shell block of README.md and docs/*.md runs here as a reader would run it, in a folder laid out like a
 * checkout after {@code mvn package} (the packaged jar as {@code target/smart-grid.jar} and {@code smart-grid.jar},
 * {@code models/}, {@code scripts/}), against real servers (Mosquitto, Azurite, Kafka), and must do what its page says;
 * or it is listed below with the reason it cannot run in a test. A block of the pages that is neither fails, so a new
 * command in the pages gets its case here.
 *
 * <p>What is adapted, and only this: absolute paths under {@code /etc/smart-grid/} are put in the folder; the edge's
 * management port 9876 is the running edge's; the environment points the roles at the test's servers and gives each
 * process a free management port; {@code mvn} (the build that runs this test made the jar) and {@code influx} (no
 * InfluxDB 2 client is packaged for Debian: it records what it is given) are stubs. A role that runs until stopped is
 * stopped with SIGTERM once its page's claim holds, and must exit 143.
 *
 * <p>The deployment pages (docs/deploy-pi.md, docs/deploy-cloud.md) are not covered: their commands are for Docker and
 * systemd, which do not run here.
 */
class DocsCommandsIT {
    private static final List<String> NOT_COVERED = List.of("docs/deploy-pi.md", "docs/deploy-cloud.md");
    private static final Path JAR = Path.of(System.getProperty("smartgrid.jar", "target/smart-grid.jar")).toAbsolutePath();

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();
    @RegisterExtension
    static final AzuriteExtension azurite = new AzuriteExtension();
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @TempDir
    static Path root;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Each page's folder: its blocks run one after the other in it, as a reader follows the page. */
    private static final Map<String, Path> FOLDERS = new HashMap<>();
    private static EdgeProcess operatedEdge;
    private static HttpServer refusingInflux;
    private static int operatedPort;

    /** What a block left: its folder, its output (stdout and stderr), its exit code, and its management port. */
    record Result(Path dir, String out, int exit, Path stubs, int port) {
        String file(String name) {
            try {
                return Files.readString(dir.resolve(name));
            } catch (IOException e) {
                throw new AssertionError(name + " was not written", e);
            }
        }
    }

    @FunctionalInterface
    interface Step {
        void run(Path dir) throws Exception;
    }

    @FunctionalInterface
    interface Check {
        void check(Result result) throws Exception;
    }

    /** How one block is run: the lines it leaves out (and why), what comes before, its environment, what it shows. */
    static final class Case {
        final String page;
        final String firstLine;
        String notHere;
        final Map<String, String> skipped = new LinkedHashMap<>();
        final Map<String, String> substitutions = new LinkedHashMap<>();
        final Map<String, String> env = new LinkedHashMap<>();
        Step before = dir -> {
        };
        Step after = dir -> {
        };
        Check check = r -> {
        };
        /** For a role that runs until stopped: the claim that must hold while it runs; then SIGTERM. */
        Check whileRunning;
        boolean eachLineAProcess;
        Duration timeout = Duration.ofSeconds(120);

        Case(String page, String firstLine) {
            this.page = page;
            this.firstLine = firstLine;
        }

        Case skipping(String line, String why) {
            skipped.put(line, why);
            return this;
        }

        Case with(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        Case replacing(String text, String by) {
            substitutions.put(text, by);
            return this;
        }

        Case before(Step step) {
            before = step;
            return this;
        }

        Case after(Step step) {
            after = step;
            return this;
        }

        Case then(Check c) {
            check = c;
            return this;
        }

        Case runsUntilStopped(Duration within, Check claim) {
            whileRunning = claim;
            timeout = within;
            return this;
        }

        /** Each line is a process of its own, started together (two terminals, two hosts), each in its own folder. */
        Case eachLineAProcess() {
            eachLineAProcess = true;
            return this;
        }

        @Override
        public String toString() {
            return page + ": " + firstLine;
        }
    }

    private static Case runs(String page, String firstLine) {
        return new Case(page, firstLine);
    }

    private static Case notHere(String page, String firstLine, String why) {
        Case c = new Case(page, firstLine);
        c.notHere = why;
        return c;
    }

    /** Every block, in the order they run (a page's blocks in its reader's order, which may differ from the page's). */
    static List<Case> cases() {
        return List.of(
                runs("README.md", "mvn -B -DskipTests package && java -jar target/smart-grid.jar demo")
                        .skipping("scripts/test", "the whole test suite, this test among it: CI runs it (.ci/run)")
                        // the status line every 10 s instead of every minute, so the test need not wait for it
                        .with("SMARTGRID_STATUS_INTERVAL_MS", "10000")
                        .runsUntilStopped(Duration.ofSeconds(300), r -> {
                            String points = Files.exists(r.dir().resolve("data/points.lp")) ? r.file("data/points.lp") : "";
                            assertTrue(points.lines().anyMatch(l -> l.startsWith("energy,")), "60 s points in data/points.lp");
                            assertTrue(r.out().contains("demo: embedded MQTT broker at"), "the demo's first line");
                            assertTrue(r.out().matches("(?s).*model 1 is active.*"), "the model line");
                            assertTrue(r.out().matches("(?s).*readings \\d+ decoded, 0 rejected, 0 late, 0 held, 0 left with the"
                                    + " broker .*forecasts [1-9]\\d* evaluated, [1-9]\\d* mismatches.*"), "a status line with a mismatch");
                        })
                        .then(r -> {
                            try (Stream<Path> files = Files.walk(r.dir().resolve("data/triplets/edge"))) {
                                assertTrue(files.anyMatch(f -> f.toString().endsWith(".ndjson")),
                                        "the triplet batch being gathered is stored at the stop, in data/triplets/edge/<date>/");
                            }
                        }),

                runs("docs/data.md", "java -jar smart-grid.jar simulate --sensors 2 --rate 1 --duration 3m --start 1700000000"
                        + " --output capture.bin")
                        .then(r -> {
                            assertEquals(360 * 130, Files.size(r.dir().resolve("capture.bin")), "360 payloads of 130 bytes");
                            assertEquals(2, r.out().lines().filter(l -> l.startsWith("{\"feature_type\": 17, \"timestamp\":"
                                    + " 1700000000")).count(), r.out());
                        }),
                runs("docs/data.md", "java -jar smart-grid.jar replay --window 60s < capture.bin > points.lp"
                        + "       # the 60 s points of a capture, as the edge writes them")
                        .then(r -> {
                            List<String> points = r.file("points.lp").lines().toList();
                            assertTrue(points.size() >= 6 && points.stream().allMatch(l -> l.startsWith("energy,phase=0,sensor_id=")),
                                    "points of the energy measurement, without the device tag: " + points);
                            assertEquals(points, influxWrites(r.stubs()), "the backfill hands influx write the same lines");
                        }),

                runs("docs/power-quality.md", "java -jar smart-grid.jar simulate --sensors 2 --rate 12 --duration 2m"
                        + " --start 1700000000 --output capture.bin")
                        .then(r -> assertEquals(2 * 12 * 120 * 130, Files.size(r.dir().resolve("capture.bin")),
                                "2,880 payloads of 130 bytes")),
                runs("docs/power-quality.md", "java -jar smart-grid.jar replay --window 60s --events < capture.bin > points.lp"
                        + "   # the windows and the events of a capture")
                        .then(r -> {
                            List<String> lines = r.file("points.lp").lines().toList();
                            assertTrue(lines.stream().anyMatch(l -> l.startsWith("energy,")), "the windows: " + lines);
                            assertTrue(lines.stream().noneMatch(l -> l.startsWith("voltage_event,")),
                                    "a steady supply near 230 V has no events: " + lines);
                        }),
                runs("docs/power-quality.md", "java -jar smart-grid.jar simulate --sensors 2 --duration 10m --start 1700000000"
                        + " --events 120 --output disturbed.bin")
                        .then(r -> {
                            assertTrue(r.out().matches("(?s).*simulate: \\d+ voltage disturbances put in.*"), r.out());
                            assertTrue(r.out().lines().filter(l -> l.startsWith("voltage_event,kind=")).count() >= 20,
                                    "about 20 events from each of 2 sensors: " + r.out());
                        }),
                notHere("README.md", "java -jar smart-grid.jar quality-report --influx --output week.html",
                        "the InfluxDB an edge writes to; QualityReportIT runs quality-report --influx on the packaged jar"
                        + " against the test's InfluxDB engine, and docs/power-quality.md's capture form runs below"),
                notHere("docs/power-quality.md", "SMARTGRID_INFLUX_URL=http://influxdb:8086 SMARTGRID_INFLUX_TOKEN_FILE=",
                        "a deployment's InfluxDB and token file; QualityReportIT runs quality-report --influx on the packaged"
                        + " jar against the test's InfluxDB engine"),
                runs("docs/power-quality.md", "java -jar smart-grid.jar quality-report --output report.html < disturbed.bin")
                        .then(r -> {
                            String page = r.file("report.html");
                            assertTrue(page.contains("<svg") && page.contains("Dips (EN 50160 table"), "a page with its chart");
                        }),

                notHere("docs/development.md", "mvn -B -DskipTests package      # target/smart-grid.jar, with the house-style"
                        + " check first", "Maven itself: the build that runs this test ran it"),
                notHere("docs/development.md", "mvn -B test -Dtest=SettingsTest"
                        + "                                                            # one unit test class",
                        "Maven from inside Maven's own test run; CI runs every test"),
                notHere("docs/development.md", "mvn -B test -Dtest=DocsPagesTest -Ddocs.write=true",
                        "Maven from inside Maven's own test run; DocsPagesTest writes the pages with -Ddocs.write=true"),

                runs("docs/forecasting.md", "java -jar smart-grid.jar simulate --sensors 4 --rate 0.5 --duration 2h --seed 7"
                        + " --output capture.bin")
                        .then(r -> {
                            assertTrue(r.out().contains("model written to model-2.json, its check rows to model-2.check.json"), r.out());
                            assertTrue(r.out().lines().anyMatch(l -> l.matches("\\d+\\.\\d+")), "predict's forecast: " + r.out());
                            assertTrue(r.file("latest.json").contains("\"file\" : \"model-2.json\""), "train wrote latest.json");
                        }),
                runs("docs/forecasting.md", "cp model-2.json model-2.check.json /etc/smart-grid/models/")
                        .before(dir -> Files.createDirectories(dir.resolve("etc/smart-grid/models")))
                        .then(r -> {
                            assertTrue(r.file("etc/smart-grid/models/latest.json").contains("\"check_file\" : \"model-2.check.json\""));
                            assertTrue(Files.exists(r.dir().resolve("etc/smart-grid/models/model-2.check.json")));
                            assertTrue(!Files.exists(r.dir().resolve("etc/smart-grid/models/latest.json.tmp")), "no temporary file left");
                        }),
                runs("docs/forecasting.md", "java -jar smart-grid.jar check-model --model model_xgboost.json"
                        + "      # writes model_xgboost.check.json (64 rows)")
                        // a model without check rows, as the earlier project's is
                        .before(dir -> Files.copy(Path.of("models/model-1.json").toAbsolutePath(), dir.resolve("model_xgboost.json")))
                        .then(r -> {
                            assertTrue(r.file("model_xgboost.check.json").contains("\"rows\""), "check rows written beside the model");
                            assertTrue(r.out().lines().anyMatch(l -> l.matches("[0-9a-f]{64}  model_xgboost.json")), r.out());
                        }),
                runs("docs/forecasting.md", "java -jar smart-grid.jar retrain --once"
                        + "                          # scan and train now, print the decision, exit")
                        .with("AZURE_STORAGE_CONNECTION_STRING", azurite.get().connectionString())
                        // the version the retrainer published first on an empty models container: the bundled one
                        .replacing("20261126-215706-696", "1")
                        .then(r -> assertTrue(r.out().contains("latest.json now names model 1"), r.out())),

                runs("docs/operate.md", "curl -s -w ' HTTP %{http_code}\\n' http://localhost:9876/observe/health/ready")
                        .before(DocsCommandsIT::startTheOperatedEdge)
                        .then(r -> {
                            assertTrue(r.out().contains("{\"name\":\"ingest-ready\",\"status\":\"UP\"}") && r.out().contains(" HTTP 200"),
                                    r.out());
                            assertTrue(r.out().matches("(?s).*\nsmartgrid_readings_decoded_total\\{device=\"edge\"} [1-9].*"), r.out());
                            assertTrue(r.out().matches("(?s).*\nsmartgrid_points_failed_total\\{device=\"edge\"} [1-9].*"),
                                    "InfluxDB refused the points: " + r.out());
                        }),
                runs("docs/operate.md", "ls -lt data/dead-letter/ | head")
                        .then(r -> assertTrue(r.out().contains("points-") && r.out().contains("rejected-"), r.out())),
                runs("docs/operate.md", "cut -f3 data/dead-letter/points-*.log | influx write --bucket smart-grid")
                        .then(r -> {
                            List<String> written = influxWrites(r.stubs());
                            assertTrue(written.get(0).startsWith("# "), "the file's header, a comment to InfluxDB: " + written);
                            assertTrue(written.size() > 1 && written.stream().skip(1)
                                    .allMatch(l -> l.startsWith("energy,device=edge,") || l.startsWith("forecast,device=edge,")),
                                    "the refused points and forecasts, as line protocol: " + written);
                        }),
                runs("docs/operate.md", "cut -f3 data/dead-letter/rejected-*.log | java -jar smart-grid.jar decode")
                        .then(r -> assertTrue(r.out().lines().anyMatch(l -> l.startsWith("{\"error\": ")), r.out()))
                        .after(dir -> stopTheOperatedEdge()),

                runs("docs/routes.md", "mkdir -p /etc/smart-grid/routes")
                        .then(r -> assertTrue(r.out().contains("check-routes: 11 files, 10 routes of the edge: no problem"), r.out())),
                runs("docs/routes.md", "SMARTGRID_ROUTES_DIR=/etc/smart-grid/routes java -jar smart-grid.jar"
                        + "      # loaded, checked, watched")
                        .with("SMARTGRID_MQTT_BROKER_URL", broker.get().url())
                        .runsUntilStopped(Duration.ofSeconds(120), r -> assertEquals(200, status(r, "/observe/health/ready"))),

                notHere("docs/scale-kafka.md", "kafka-topics.sh --bootstrap-server kafka-1:9092 --create --topic smartgrid-readings"
                        + " --partitions 12", "Kafka's own tools are not part of the build (the tests' broker runs from"
                        + " kafka_2.13 without kafka-tools); the compose file's kafka-topic service runs the same command"),
                runs("docs/scale-kafka.md", "java -jar smart-grid.jar bridge     # the sensors' MQTT payloads to the topic")
                        .eachLineAProcess()
                        .before(dir -> kafka.get().createTopic("smartgrid-readings", 2))
                        .with("SMARTGRID_MQTT_BROKER_URL", broker.get().url())
                        .with("SMARTGRID_MQTT_CLIENT_ID", "docs-bridge")
                        .with("SMARTGRID_KAFKA_BOOTSTRAP_SERVERS", kafka.get().bootstrapServers())
                        // each process its own port: the status of each is asked below
                        .runsUntilStopped(Duration.ofSeconds(180), r -> assertEquals(200, status(r, "/observe/health/ready"))));
    }

    @TestFactory
    Stream<DynamicTest> everyShellBlockOfThePagesRunsAsWritten() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        List<DocsLinks.Block> blocks = new ArrayList<>();
        for (Path page : DocsLinks.pages()) {
            if (!NOT_COVERED.contains(page.toString())) {
                DocsLinks.blocks(page).stream().filter(b -> b.language().equals("sh")).forEach(blocks::add);
            }
        }
        List<Case> cases = cases();
        tests.add(DynamicTest.dynamicTest("every block has its case, and every case its block", () -> {
            List<String> missing = new ArrayList<>();
            for (DocsLinks.Block b : blocks) {
                if (cases.stream().noneMatch(c -> matches(c, b))) {
                    missing.add(b.page() + ":" + b.line() + ": " + b.text().lines().findFirst().orElse(""));
                }
            }
            List<String> stale = cases.stream().filter(c -> blocks.stream().noneMatch(b -> matches(c, b))).map(Case::toString).toList();
            assertTrue(missing.isEmpty(), "shell blocks with no case in DocsCommandsIT (run them there, or say why they"
                    + " cannot run in a test):\n" + String.join("\n", missing));
            assertTrue(stale.isEmpty(), "cases whose block is gone from the pages:\n" + String.join("\n", stale));
        }));
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.toString(), () -> {
                DocsLinks.Block block = blocks.stream().filter(b -> matches(c, b)).findFirst().orElseThrow();
                for (String skipped : c.skipped.keySet()) {
                    assertTrue(block.text().lines().anyMatch(l -> l.startsWith(skipped)), "the block has the line " + skipped);
                }
                if (c.notHere == null) {
                    run(c, block);
                }
            }));
        }
        return tests.stream();
    }

    private static boolean matches(Case c, DocsLinks.Block b) {
        return b.page().toString().equals(c.page) && b.text().lines().findFirst().orElse("").startsWith(c.firstLine);
    }

    private static void run(Case c, DocsLinks.Block block) throws Exception {
        Path dir = FOLDERS.computeIfAbsent(c.page, page -> checkout(page.replace('/', '-')));
        c.before.run(dir);
        String text = block.text().lines().filter(l -> c.skipped.keySet().stream().noneMatch(l::startsWith))
                .map(l -> adapted(c, dir, l)).reduce("", (a, b) -> a + b + "\n");
        Path stubs = stubs();
        try {
            if (c.whileRunning == null) {
                Result r = script(dir, stubs, text, c);
                assertEquals(0, r.exit(), "exit code of\n" + text + "\n" + r.out());
                c.check.check(r);
            } else if (c.eachLineAProcess) {
                List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
                List<Path> dirs = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    dirs.add(checkout(c.page.replace('/', '-') + "-line-" + (i + 1)));
                }
                untilStopped(c, dirs, stubs, lines);
            } else {
                untilStopped(c, List.of(dir), stubs, List.of(text));
            }
        } finally {
            c.after.run(dir);
        }
    }

    private static String adapted(Case c, Path dir, String line) {
        String out = line.replace("/etc/smart-grid/", dir.resolve("etc/smart-grid") + "/")
                .replace("localhost:9876", "localhost:" + operatedPort);
        for (Map.Entry<String, String> s : c.substitutions.entrySet()) {
            out = out.replace(s.getKey(), s.getValue());
        }
        return out;
    }

    /** Runs to its end. */
    private static Result script(Path dir, Path stubs, String text, Case c) throws Exception {
        Process p = start(dir, stubs, text, c, "block");
        Path log = stubs.resolve("block.log");
        if (!p.waitFor(c.timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("not done within " + c.timeout + ":\n" + text + "\n" + Files.readString(log));
        }
        return new Result(dir, Files.readString(log), p.exitValue(), stubs, -1);
    }

    /** Starts each text as a process, checks the claim while they run, then stops them with SIGTERM: exit 143. */
    private static void untilStopped(Case c, List<Path> dirs, Path stubs, List<String> texts) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < texts.size(); i++) {
                int port = ServerProcess.freePort();
                Map<String, String> env = new LinkedHashMap<>(c.env);
                env.put("SMARTGRID_MANAGEMENT_PORT", String.valueOf(port));
                processes.add(start(dirs.get(i), stubs, texts.get(i), "process-" + i, env));
                logs.add(stubs.resolve("process-" + i + ".log"));
                ports.add(port);
            }
            for (int i = 0; i < texts.size(); i++) {
                Path log = logs.get(i);
                Process process = processes.get(i);
                Path running = dirs.get(i);
                int port = ports.get(i);
                Await.until(c.timeout, () -> {
                    if (!process.isAlive()) {
                        fail("ended before its claim held (exit " + process.exitValue() + "):\n" + read(log));
                    }
                    try {
                        c.whileRunning.check(new Result(running, read(log), -1, stubs, port));
                        return true;
                    } catch (AssertionError | Exception e) {
                        return false;
                    }
                }, () -> {
                    try {
                        c.whileRunning.check(new Result(running, read(log), -1, stubs, port));
                        return "(holds now)";
                    } catch (AssertionError | Exception e) {
                        return e.getMessage() + "\n" + tail(read(log));
                    }
                });
            }
        } finally {
            for (Process p : processes) {
                // SIGTERM to the role, not to the shell running the block, which then ends with the role's exit code
                List<ProcessHandle> children = p.descendants().toList();
                if (children.isEmpty()) {
                    p.destroy();
                }
                children.forEach(ProcessHandle::destroy);
            }
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
        }
        for (int i = 0; i < processes.size(); i++) {
            assertEquals(143, processes.get(i).exitValue(), "exit after SIGTERM:\n" + tail(read(logs.get(i))));
            c.check.check(new Result(dirs.get(i), read(logs.get(i)), 143, stubs, ports.get(i)));
        }
    }

    private static Process start(Path dir, Path stubs, String text, Case c, String name) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(c.env);
        env.putIfAbsent("SMARTGRID_MANAGEMENT_PORT", String.valueOf(ServerProcess.freePort()));
        return start(dir, stubs, text, name, env);
    }

    private static Process start(Path dir, Path stubs, String text, String name, Map<String, String> env) throws IOException {
        Path script = stubs.resolve(name + ".sh");
        Files.writeString(script, "set -e\n" + text);
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(stubs.resolve(name + ".log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
        pb.environment().put("DOCS_STUBS", stubs.toString());
        return pb.start();
    }

    /** A fresh folder of stubs for one block: mvn does nothing, influx keeps what it is given. */
    private static Path stubs() throws IOException {
        Path stubs = Files.createTempDirectory(root, "stubs");
        stub(stubs.resolve("mvn"), "echo \"mvn $* (a stub: the build that runs DocsCommandsIT made the jar)\"\n");
        stub(stubs.resolve("influx"), "cat > \"$DOCS_STUBS/influx-$$.lp\"\necho \"$*\" > \"$DOCS_STUBS/influx-$$.args\"\n");
        return stubs;
    }

    private static void stub(Path file, String body) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The lines every {@code influx write} of a block was given. */
    private static List<String> influxWrites(Path stubs) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(stubs)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("influx-\\d+\\.lp")).sorted().toList()) {
                assertEquals("write --bucket smart-grid", Files.readString(Path.of(f.toString().replace(".lp", ".args"))).strip());
                lines.addAll(Files.readAllLines(f));
            }
        }
        assertTrue(!lines.isEmpty(), "influx write was given lines");
        return lines;
    }

    /** A folder laid out like a checkout after mvn package. */
    private static Path checkout(String name) {
        try {
            Path dir = Files.createDirectories(root.resolve(name));
            Files.createDirectories(dir.resolve("target"));
            Files.createSymbolicLink(dir.resolve("target/smart-grid.jar"), JAR);
            Files.createSymbolicLink(dir.resolve("smart-grid.jar"), JAR);
            Files.createSymbolicLink(dir.resolve("models"), Path.of("models").toAbsolutePath());
            Files.createSymbolicLink(dir.resolve("scripts"), Path.of("scripts").toAbsolutePath());
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int status(Result r, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * The edge operate.md's blocks look at: running in the page's folder (its data folder {@code data}), readings
     * decoded, points refused by an InfluxDB that answers 401 (so dead-lettered), and a payload that is no reading.
     */
    private static void startTheOperatedEdge(Path dir) throws Exception {
        refusingInflux = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusingInflux.createContext("/", exchange -> {
            byte[] body = "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}".getBytes();
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        refusingInflux.start();
        operatedPort = ServerProcess.freePort();
        broker.get().createSession("docs-operate", "data/realtime/feature/+");
        operatedEdge = new EdgeProcess(dir, dir.resolve("edge.log"), Map.of(
                "SMARTGRID_MQTT_BROKER_URL", broker.get().url(),
                "SMARTGRID_MQTT_CLIENT_ID", "docs-operate",
                "SMARTGRID_INFLUX_URL", "http://127.0.0.1:" + refusingInflux.getAddress().getPort(),
                "SMARTGRID_INFLUX_TOKEN", "a-token-influx-refuses",
                "SMARTGRID_MODEL_SOURCE", "folder:" + dir.resolve("models"),
                "SMARTGRID_MANAGEMENT_PORT", String.valueOf(operatedPort)));
        // ready, as the page's first block shows it: connected, and the model loaded and checked
        Await.untilAnswered(Duration.ofSeconds(90), () -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + operatedPort + "/observe/health/ready")).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
                () -> operatedEdge.log());
        var emissions = Sensors.readings(2, 130, 91);
        Sensors.publish(broker.get().url(), emissions, "docs-operate-sensors");
        try (MqttPublisher publisher = new MqttPublisher(broker.get().url(), "docs-operate-garbage")) {
            publisher.publish("data/realtime/feature/" + emissions.get(0).sensorId(), new byte[] {17, 1, 2, 3});
            assertTrue(publisher.drain(30, TimeUnit.SECONDS));
        }
        Path deadLetters = dir.resolve("data/dead-letter");
        Await.until(Duration.ofSeconds(90), () -> has(deadLetters, "points-") && has(deadLetters, "rejected-"),
                () -> operatedEdge.log());
    }

    private static boolean has(Path folder, String prefix) {
        try (Stream<Path> files = Files.exists(folder) ? Files.list(folder) : Stream.empty()) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(prefix));
        } catch (IOException e) {
            return false;
        }
    }

    private static void stopTheOperatedEdge() throws InterruptedException {
        if (operatedEdge != null) {
            assertEquals(143, operatedEdge.stop(), operatedEdge.log());
            operatedEdge = null;
        }
        if (refusingInflux != null) {
            refusingInflux.stop(0);
            refusingInflux = null;
        }
    }

    @AfterAll
    static void stopWhatIsLeft() throws InterruptedException {
        if (operatedEdge != null) {
            operatedEdge.kill();
        }
        if (refusingInflux != null) {
            refusingInflux.stop(0);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
