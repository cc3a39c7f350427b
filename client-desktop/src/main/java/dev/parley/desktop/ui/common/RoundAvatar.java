package dev.parley.desktop.ui.common;

import dev.parley.protocol.ids.ConversationId;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Circle;

/**
 * A round avatar: the group's picture when it has one, the initials of the name otherwise (and until
 * the picture is loaded). The box carries the {@code avatar} style class; CSS sizes it to match.
 */
public final class RoundAvatar {
    private final AvatarImages images;
    private final StackPane box;
    private final Label initials = new Label();
    private final ImageView picture = new ImageView();
    /** What is to be shown now: a late answer for something shown before is dropped. */
    private String wanted;

    public RoundAvatar(AvatarImages images, double size) {
        this.images = images;
        picture.setFitWidth(size);
        picture.setFitHeight(size);
        picture.setPreserveRatio(false);
        picture.setSmooth(true);
        picture.setClip(new Circle(size / 2, size / 2, size / 2));
        picture.getStyleClass().add("avatar-picture");
        picture.setVisible(false);
        box = new StackPane(initials, picture);
        box.getStyleClass().add("avatar");
    }

    public StackPane node() {
        return box;
    }

    /** The picture's view (tests look for it; ids go on it). */
    public ImageView picture() {
        return picture;
    }

    /** Shows {@code chat}'s picture {@code tag}, or the initials of {@code name} when there is none. */
    public void show(String name, ConversationId chat, String tag) {
        initials.setText(Texts.initials(name == null ? "" : name));
        String key = chat + "/" + tag;
        if (key.equals(wanted) && (tag == null || picture.getImage() != null)) {
            return;
        }
        wanted = key;
        if (tag == null) {
            showImage(null);
            return;
        }
        images.image(chat, tag, image -> {
            if (key.equals(wanted)) {
                showImage(image);
            }
        });
    }

    /** Shows {@code image} as it is (a preview), or the initials of {@code name} when it is null. */
    public void showImage(String name, javafx.scene.image.Image image) {
        initials.setText(Texts.initials(name == null ? "" : name));
        wanted = null;
        showImage(image);
    }

    private void showImage(javafx.scene.image.Image image) {
        picture.setImage(image);
        picture.setVisible(image != null);
        initials.setVisible(image == null);
    }
}
