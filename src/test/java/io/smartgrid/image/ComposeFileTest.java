package io.smartgrid.image;

import io.smartgrid.settings.Setting;
import io.smartgrid.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker/compose.yaml and docker/compose.pi.yaml beyond their syntax (which scripts/test and ComposeConfigIT check with
 * docker-compose config): see {@link ComposeCheck}.
 */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("docker/compose.yaml");
    /** What our image's services may set besides settings: the JVM's options, glibc's arenas, the storage account. */
    private static final Set<String> OTHER_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX", "AZURE_STORAGE_CONNECTION_STRING");
    /** The sensors publish to the broker from the network; Prometheus scrapes a Pi's edge from the cloud. */
    private static final Set<String> OPEN_PORTS = Set.of("mosquitto:1883", "edge:9876");
    /** Services that take the sensors' readings: two of them at once would handle each reading twice. */
    private static final Set<String> INGEST = Set.of("edge", "bridge");

    private static ComposeCheck check() throws Exception {
        Set<String> settings = Settings.all().stream().map(Setting::environmentVariable).collect(Collectors.toSet());
        return new ComposeCheck(settings, OTHER_VARIABLES, JarCommands.names(), OPEN_PORTS);
    }

    /** The compose file with one change, read as if it were in docker/ (so its relative paths still resolve). */
    private static ComposeFile changed(String original, String replacement) throws Exception {
        String yaml = Files.readString(COMPOSE);
        assertTrue(yaml.contains(original), "the compose file has " + original);
        return ComposeFile.parse(yaml.replaceFirst(Pattern.quote(original), Matcher.quoteReplacement(replacement)), COMPOSE.toAbsolutePath().getParent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker/compose.yaml", "docker/compose.pi.yaml"})
    void theComposeFilePasses(String file) throws Exception {
        assertEquals(List.of(), check().problems(ComposeFile.read(Path.of(file))));
    }

    @Test
    void theCheckSeesWhatItChecks() throws Exception {
        ComposeFile compose = ComposeFile.read(COMPOSE);
        List<String> built = compose.services().stream().filter(ComposeFile.Service::isBuilt).map(ComposeFile.Service::name).toList();
        assertEquals(List.of("retrainer", "edge", "bridge", "worker-1", "worker-2", "simulator"), built, "merge keys resolved");
        ComposeFile.Service worker2 = compose.services().stream().filter(s -> s.name().equals("worker-2")).findFirst().orElseThrow();
        assertTrue(worker2.environmentNames().containsAll(List.of("SMARTGRID_KAFKA_BOOTSTRAP_SERVERS", "SMARTGRID_DEVICE_ID",
                "SMARTGRID_INFLUX_TOKEN_FILE", "AZURE_STORAGE_CONNECTION_STRING")), "an environment merged from anchors: "
                + worker2.environmentNames());
        assertTrue(JarCommands.names().containsAll(Set.of("edge", "worker", "bridge", "retrain", "simulate")), JarCommands.names().toString());
    }

    /** Each profile alone starts one service that takes the readings, never the edge beside the bridge. */
    @Test
    void noProfileRunsTwoServicesThatTakeTheReadings() throws Exception {
        ComposeFile compose = ComposeFile.read(COMPOSE);
        Set<String> profiles = compose.services().stream().flatMap(s -> s.profiles().stream()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("edge", "kafka", "simulator"), profiles);
        for (String profile : profiles) {
            List<String> ingest = compose.services().stream()
                    .filter(s -> s.profiles().isEmpty() || s.profiles().contains(profile))
                    .map(ComposeFile.Service::name).filter(INGEST::contains).toList();
            assertTrue(ingest.size() <= 1, "--profile " + profile + " starts " + ingest);
        }
        assertFalse(compose.services().stream().anyMatch(s -> INGEST.contains(s.name()) && s.profiles().isEmpty()),
                "a service that takes the readings starts without its profile");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "SMARTGRID_INFLUX_URL | SMARTGRID_INFLUX_ULR | edge: SMARTGRID_INFLUX_ULR is no setting of the application;"
                    + "worker-1: SMARTGRID_INFLUX_ULR is no setting of the application;"
                    + "worker-2: SMARTGRID_INFLUX_ULR is no setting of the application",
            "MALLOC_ARENA_MAX | MALLOC_ARENAS_MAX | edge: MALLOC_ARENAS_MAX is no setting of the application",
            // in the workers' anchor: both workers have it
            "SMARTGRID_DEVICE_ID: worker-1 | SMARTGRID_DEVICE: worker-1 | worker-1: SMARTGRID_DEVICE is no setting of the application;"
                    + "worker-2: SMARTGRID_DEVICE is no setting of the application",
            "./mosquitto.conf: | ./mosquito.conf: | mosquitto: ./mosquito.conf does not exist",
            "../grafana/dashboards: | ../grafana/dashboard: | grafana: ../grafana/dashboard does not exist",
            "../alertmanager: | ../alertmanagr: | alertmanager: ../alertmanagr does not exist",
            "command: [\"retrain\"] | command: [\"retrian\"] | retrainer: retrian is no command of the jar",
            "\"simulate\", | \"simulator\", | simulator: simulator is no command of the jar",
            "image: eclipse-mosquitto:2.0.22 | image: eclipse-mosquitto:2.0 | mosquitto: image eclipse-mosquitto:2.0 is not pinned",
            "image: mcr.microsoft.com/azure-storage/azurite:3.35.0 | image: mcr.microsoft.com/azure-storage/azurite"
                    + " | azurite: image mcr.microsoft.com/azure-storage/azurite is not pinned",
            "\"127.0.0.1:9090:9090\" | \"9090:9090\" | prometheus: port 9090:9090 is published on every interface",
            "${INFLUX_PASSWORD:?the InfluxDB admin password} | ${INFLUX_PASSWORD:-change-me-please} | INFLUX_PASSWORD has a default"})
    void aBrokenCopyIsReported(String original, String replacement, String expected) throws Exception {
        List<String> problems = check().problems(changed(original, replacement));
        List<String> wanted = List.of(expected.split(";"));
        assertEquals(wanted.size(), problems.size(), problems.toString());
        for (int i = 0; i < wanted.size(); i++) {
            assertTrue(problems.get(i).startsWith(wanted.get(i)), problems.get(i));
        }
    }

    @Test
    void anObsoleteVersionIsReported() throws Exception {
        assertEquals(List.of("version: obsolete in Compose v2, which ignores it and warns"),
                check().problems(changed("x-app: &app\n", "version: \"3.8\"\nx-app: &app\n")));
    }

    @Test
    void missingEnvFilesAndConfigFilesAreReported() throws Exception {
        String yaml = Files.readString(COMPOSE).replace("  edge:\n    <<: *app\n", "  edge:\n    <<: *app\n    env_file: ./edge.env\n")
                + "configs:\n  broker:\n    file: ./broker.conf\n";
        List<String> problems = check().problems(ComposeFile.parse(yaml, COMPOSE.toAbsolutePath().getParent()));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("configs/secrets: ./broker.conf does not exist"), problems.get(0));
        assertTrue(problems.get(1).startsWith("edge: ./edge.env does not exist"), problems.get(1));
    }

    @Test
    void aMissingDockerfileIsReportedForEveryServiceBuiltFromIt() throws Exception {
        List<String> problems = check().problems(changed("dockerfile: docker/Dockerfile", "dockerfile: docker/Containerfile"));
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.contains(": ../docker/Containerfile does not exist")), problems.toString());
    }
}
