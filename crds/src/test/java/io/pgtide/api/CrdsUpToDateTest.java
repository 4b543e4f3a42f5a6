package io.pgtide.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed CRDs in crds/generated/ are exactly what this build generated from the Java model. */
class CrdsUpToDateTest {
    /** Surefire runs in the module directory. */
    private static final Path COMMITTED = Path.of("generated");
    private static final String HOW_TO_REFRESH = """
            The committed CRDs in crds/generated/ differ from the ones generated from io.pgtide.api.
            Refresh them and commit the result:
                ./mvnw -q -DskipTests -Prefresh-crds -pl crds process-classes
            (or: cp crds/target/classes/META-INF/fabric8/*-v1.yml crds/generated/ after a build)""";

    @Test
    void committedCrdsMatchTheGeneratedOnes() throws IOException {
        for (String file : List.of(Crds.fileName(DatabaseConnection.class), Crds.fileName(SyncJob.class))) {
            Path committed = COMMITTED.resolve(file);
            assertThat(committed).as(HOW_TO_REFRESH).exists();
            assertThat(Files.readString(committed, StandardCharsets.UTF_8)).as(file + ": " + HOW_TO_REFRESH)
                    .isEqualTo(generated(file));
        }
    }

    @Test
    void noOtherFilesInGenerated() throws IOException {
        try (Stream<Path> files = Files.list(COMMITTED)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("crds/generated/ holds only the generated CRDs")
                    .containsExactlyInAnyOrder(Crds.fileName(DatabaseConnection.class), Crds.fileName(SyncJob.class));
        }
    }

    private static String generated(String file) throws IOException {
        try (InputStream in = CrdsUpToDateTest.class.getClassLoader().getResourceAsStream(Crds.GENERATED_DIR + file)) {
            return new String(Objects.requireNonNull(in, file + " was not generated").readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
