package dev.parley.desktop.app;

import dev.parley.protocol.ParleyVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --self-check}, minus the exit: what an installation runs to prove it works. */
class SelfCheckTest {
    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));

    @Test
    void passesOnThisBuildAndNamesTheVersionsItChecked() throws IOException {
        Set<Path> before = selfCheckFolders();

        String summary = SelfCheck.run();

        assertThat(summary)
                .startsWith("self-check OK: Parley Desktop " + ParleyVersion.current() + " (JavaFX 26")
                .contains("embedded server " + ParleyVersion.current())
                .contains("first screen and " + SelfCheck.VIEWS.size() + " views loaded")
                .endsWith("embedded server answered /observe/health and created an account");
        assertThat(selfCheckFolders()).as("temporary folders left behind").isSubsetOf(before);
    }

    @Test
    void aViewThatCannotLoadFailsTheCheckAndSaysWhich() throws IOException {
        Set<Path> before = selfCheckFolders();

        assertThatThrownBy(() -> SelfCheck.run(List.of("welcome/ServerView.fxml", "welcome/Gone.fxml")))
                .isInstanceOf(SelfCheck.Failure.class)
                .hasMessageStartingWith("loading the views failed: ")
                .hasMessageContaining("welcome/Gone.fxml");
        assertThat(selfCheckFolders()).as("temporary folders left behind").isSubsetOf(before);
    }

    @Test
    void checksEveryFxmlViewTheAppHas() throws IOException {
        Path views = Path.of("src/main/resources/dev/parley/desktop/ui");
        try (Stream<Path> files = Files.walk(views)) {
            List<String> found = files.filter(f -> f.toString().endsWith(".fxml"))
                    .map(f -> views.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
            assertThat(SelfCheck.VIEWS).containsExactlyInAnyOrderElementsOf(found);
        }
    }

    private static Set<Path> selfCheckFolders() throws IOException {
        try (Stream<Path> entries = Files.list(TEMP)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("parley-self-check-"))
                    .collect(Collectors.toSet());
        }
    }
}
