package io.smartgrid.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** COPY from a build context as docker build does it: what .dockerignore names is not there. */
class BuildContextTest {
    @Test
    void whatTheDockerignoreNamesCannotBeCopied(@TempDir Path context, @TempDir Path stage) throws Exception {
        Files.writeString(context.resolve(".dockerignore"), "# as the repository's\ntarget/\n*.log\n");
        for (String file : List.of("pom.xml", "build.log", "target/app.jar", "src/main/App.java", "src/logs/old.log")) {
            Files.createDirectories(context.resolve(file).getParent());
            Files.writeString(context.resolve(file), file);
        }
        BuildContext build = BuildContext.of(context);

        build.copy("pom.xml", stage, true);
        build.copy("src", stage.resolve("src"), false);
        try (Stream<Path> files = Files.walk(stage)) {
            // *.log matches at the top only, as in Docker
            assertEquals(List.of("pom.xml", "src/logs/old.log", "src/main/App.java"),
                    files.filter(Files::isRegularFile).map(f -> stage.relativize(f).toString()).sorted().toList());
        }
        assertThrows(NoSuchFileException.class, () -> build.copy("target", stage.resolve("target"), false));
        assertThrows(NoSuchFileException.class, () -> build.copy("build.log", stage, true));
        assertThrows(NoSuchFileException.class, () -> build.copy("checkstyle", stage.resolve("checkstyle"), false));
    }
}
