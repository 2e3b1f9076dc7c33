package io.smartgrid.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker/Dockerfile's build stage copies every file its Maven build reads: the stage is replayed from the repository
 * as build context ({@link BuildStageReplay}), so no container engine is needed. scripts/test-image builds it for real.
 */
class ImageBuildContextIT {
    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
    private static final String BUILD_STAGE = "build";

    private static BuildStageReplay.Result replay(String dockerfile, Path root) throws Exception {
        return new BuildStageReplay(BuildContext.of(Path.of("").toAbsolutePath()), root).replay(DockerfileStage.of(dockerfile, BUILD_STAGE));
    }

    /** Where the image's own stage takes the jar from: the source of its COPY --from=build. */
    private static String jarOfTheBuildStage(String dockerfile) {
        return DockerfileStage.of(dockerfile, null).instructions().stream()
                .filter(i -> i.keyword().equals("COPY") && i.words().get(0).equals("--from=" + BUILD_STAGE))
                .map(i -> i.words().get(1)).findFirst().orElseThrow();
    }

    @Test
    void theBuildStageMakesARunnableJarFromWhatItCopies(@TempDir Path root) throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        BuildStageReplay.Result result = replay(dockerfile, root);
        assertEquals(0, result.exitCode(), result.output());

        Path jar = root.resolve(jarOfTheBuildStage(dockerfile).substring(1));
        assertTrue(Files.isRegularFile(jar), jar + " is made");
        Process decode = new ProcessBuilder("java", "-jar", jar.toString(), "decode").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(root.resolve("decode.log").toFile()).start();
        assertTrue(decode.waitFor(60, TimeUnit.SECONDS), "decode ended");
        assertEquals(0, decode.exitValue(), Files.readString(root.resolve("decode.log")));
    }

    @Test
    void withoutTheCheckstyleCopyTheBuildStageFails(@TempDir Path root) throws Exception {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        List<String> withoutCheckstyle = lines.stream().filter(l -> !l.matches("COPY\\s+checkstyle\\b.*")).toList();
        assertEquals(lines.size() - 1, withoutCheckstyle.size(), "the Dockerfile has one COPY checkstyle line");

        BuildStageReplay.Result result = replay(String.join("\n", withoutCheckstyle), root);
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("checkstyle/checkstyle.xml"), result.output());
    }

    @Test
    void everyFileTheImageStageCopiesFromTheContextIsThere(@TempDir Path root) throws Exception {
        BuildStageReplay image = new BuildStageReplay(BuildContext.of(Path.of("").toAbsolutePath()), root);
        DockerfileStage copies = new DockerfileStage(null, DockerfileStage.of(Files.readString(DOCKERFILE), null).instructions().stream()
                .filter(i -> i.keyword().equals("COPY") && !i.arguments().startsWith("--from=")).toList());
        assertTrue(copies.instructions().size() >= 2, copies.toString());
        assertEquals(0, image.replay(copies).exitCode(), copies.toString());
    }
}
