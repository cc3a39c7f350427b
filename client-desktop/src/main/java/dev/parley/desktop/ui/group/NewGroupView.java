package dev.parley.desktop.ui.group;

import dev.parley.desktop.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;

/** The "New group" card. */
public final class NewGroupView {
    private final Parent root;

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

    public NewGroupView(NewGroupViewModel viewModel, Runnable onCancel) {
        this.root = Fxml.load(this, "NewGroupView.fxml");
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

    public Parent root() {
        return root;
    }

    public void focus() {
        nameField.requestFocus();
    }
}
