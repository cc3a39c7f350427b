package dev.parley.desktop.ui.group;

import dev.parley.desktop.core.model.GroupPicture;
import dev.parley.desktop.ui.common.AvatarImages;
import dev.parley.desktop.ui.common.Fxml;
import dev.parley.desktop.ui.common.RoundAvatar;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.image.Image;

import java.io.ByteArrayInputStream;

/** The "New group" card. */
public final class NewGroupView {
    private final Parent root;

    @FXML
    private javafx.scene.layout.StackPane pictureHolder;
    @FXML
    private Button pictureButton;
    @FXML
    private Button removePictureButton;
    @FXML
    private TextField nameField;
    @FXML
    private TextArea descriptionField;
    @FXML
    private ListView<NewGroupViewModel.Candidate> candidateList;
    @FXML
    private Label noContactsLabel;
    @FXML
    private TextField usernameField;
    @FXML
    private Button addButton;
    @FXML
    private Label errorLabel;
    @FXML
    private ProgressIndicator progress;
    @FXML
    private Button cancelButton;
    @FXML
    private Button createButton;

    public NewGroupView(NewGroupViewModel viewModel, AvatarImages pictures, Runnable onCancel) {
        this.root = Fxml.load(this, "NewGroupView.fxml");
        bindPicture(viewModel, pictures);
        nameField.textProperty().bindBidirectional(viewModel.nameProperty());
        descriptionField.textProperty().bindBidirectional(viewModel.descriptionProperty());
        candidateList.setItems(viewModel.candidates());
        candidateList.setCellFactory(CheckBoxListCell.forListView(NewGroupViewModel.Candidate::pickedProperty));
        noContactsLabel.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(viewModel.candidates()));
        usernameField.textProperty().bindBidirectional(viewModel.usernameProperty());
        usernameField.setOnAction(e -> viewModel.addUsername());
        addButton.setOnAction(e -> viewModel.addUsername());
        addButton.disableProperty().bind(viewModel.usernameProperty().isEmpty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        progress.visibleProperty().bind(viewModel.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        nameField.setOnAction(e -> descriptionField.requestFocus());
        createButton.disableProperty().bind(viewModel.canCreateProperty().not());
        createButton.setOnAction(e -> viewModel.create());
        cancelButton.setOnAction(e -> onCancel.run());
        for (javafx.scene.Node input : java.util.List.of(nameField, descriptionField, candidateList, usernameField)) {
            input.disableProperty().bind(viewModel.busyProperty());
        }
    }

    /** The picture preview shows the picture as it will be sent: round, cropped, made small. */
    private void bindPicture(NewGroupViewModel viewModel, AvatarImages pictures) {
        RoundAvatar preview = new RoundAvatar(pictures, 56);
        preview.node().getStyleClass().add("picture-preview");
        preview.picture().setId("newGroupPicturePreview");
        pictureHolder.getChildren().setAll(preview.node());
        Runnable show = () -> {
            GroupPicture chosen = viewModel.pictureProperty().get();
            preview.showImage(viewModel.nameProperty().get(),
                    chosen == null ? null : new Image(new ByteArrayInputStream(chosen.image())));
        };
        viewModel.pictureProperty().addListener((obs, old, now) -> show.run());
        viewModel.nameProperty().addListener((obs, old, now) -> show.run());
        show.run();
        pictureButton.textProperty().bind(viewModel.pictureProperty().map(p -> "Change picture…")
                .orElse("Choose picture…"));
        pictureButton.disableProperty().bind(viewModel.pictureBusyProperty().or(viewModel.busyProperty()));
        pictureButton.setOnAction(e -> PictureChooser.choose(root).ifPresent(viewModel::choosePicture));
        removePictureButton.visibleProperty().bind(viewModel.pictureProperty().isNotNull());
        removePictureButton.managedProperty().bind(removePictureButton.visibleProperty());
        removePictureButton.disableProperty().bind(viewModel.busyProperty());
        removePictureButton.setOnAction(e -> viewModel.clearPicture());
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        nameField.requestFocus();
    }
}
