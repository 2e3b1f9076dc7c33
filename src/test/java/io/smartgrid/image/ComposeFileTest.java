package io.smartgrid.image;

import io.smartgrid.settings.Setting;
import io.smartgrid.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker/compose.yaml beyond its syntax (which scripts/test checks with docker-compose config): see {@link ComposeCheck}. */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("docker/compose.yaml");
    /** What our image's services may set besides settings: the JVM's options, glibc's arenas, the storage account. */
    private static final Set<String> OTHER_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX", "AZURE_STORAGE_CONNECTION_STRING");

    private static ComposeCheck check() throws Exception {
        Set<String> settings = Settings.all().stream().map(Setting::environmentVariable).collect(Collectors.toSet());
        return new ComposeCheck(settings, OTHER_VARIABLES, JarCommands.names());
    }

    /** The compose file with one change, read as if it were in docker/ (so its relative paths still resolve). */
    private static ComposeFile changed(String original, String replacement) throws Exception {
        String yaml = Files.readString(COMPOSE);
        assertTrue(yaml.contains(original), "the compose file has " + original);
        return ComposeFile.parse(yaml.replaceFirst(Pattern.quote(original), replacement), COMPOSE.toAbsolutePath().getParent());
    }

    @Test
    void theComposeFilePasses() throws Exception {
        assertEquals(List.of(), check().problems(ComposeFile.read(COMPOSE)));
    }

    @Test
    void theCheckSeesWhatItChecks() throws Exception {
        ComposeFile compose = ComposeFile.read(COMPOSE);
        List<String> built = compose.services().stream().filter(ComposeFile.Service::isBuilt).map(ComposeFile.Service::name).toList();
        assertEquals(List.of("edge", "retrainer", "bridge", "worker-1", "worker-2", "simulator"), built, "merge keys resolved");
        ComposeFile.Service worker2 = compose.services().stream().filter(s -> s.name().equals("worker-2")).findFirst().orElseThrow();
        assertTrue(worker2.environmentNames().containsAll(List.of("SMARTGRID_KAFKA_BOOTSTRAP_SERVERS", "SMARTGRID_DEVICE_ID")),
                "an environment merged from an anchor: " + worker2.environmentNames());
        assertTrue(JarCommands.names().containsAll(Set.of("edge", "worker", "bridge", "retrain", "simulate")), JarCommands.names().toString());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "SMARTGRID_INFLUX_URL | SMARTGRID_INFLUX_ULR | edge: SMARTGRID_INFLUX_ULR is no setting of the application",
            "MALLOC_ARENA_MAX | MALLOC_ARENAS_MAX | edge: MALLOC_ARENAS_MAX is no setting of the application",
            // in the workers' anchor: both workers have it
            "SMARTGRID_DEVICE_ID: worker-1 | SMARTGRID_DEVICE: worker-1 | worker-1: SMARTGRID_DEVICE is no setting of the application;"
                    + "worker-2: SMARTGRID_DEVICE is no setting of the application",
            "./mosquitto.conf: | ./mosquito.conf: | mosquitto: ./mosquito.conf does not exist",
            "../grafana/dashboards: | ../grafana/dashboard: | grafana: ../grafana/dashboard does not exist",
            "command: [\"retrain\"] | command: [\"retrian\"] | retrainer: retrian is no command of the jar",
            "\"simulate\", | \"simulator\", | simulator: simulator is no command of the jar"})
    void aBrokenCopyIsReported(String original, String replacement, String expected) throws Exception {
        List<String> problems = check().problems(changed(original, replacement));
        List<String> wanted = List.of(expected.split(";"));
        assertEquals(wanted.size(), problems.size(), problems.toString());
        for (int i = 0; i < wanted.size(); i++) {
            assertTrue(problems.get(i).startsWith(wanted.get(i)), problems.get(i));
        }
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
