package dev.parley.desktop.ui.group;

import javafx.scene.Node;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

/** The file dialog for a group picture, shared by the New group card and the info pane. */
final class PictureChooser {
    private PictureChooser() {
    }

    /** Asks for a picture file over the window of {@code owner}; empty when the user cancels. */
    static Optional<Path> choose(Node owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a picture for the group");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Pictures",
                "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp"));
        File file = chooser.showOpenDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
        return Optional.ofNullable(file).map(File::toPath);
    }
}
