package dev.parley.desktop.ui.welcome;

import dev.parley.desktop.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;

/** Log in, or create an account, on the chosen server. */
public final class SignInView {
    private final SignInViewModel viewModel;
    private final Parent root;

    @FXML
    private Label serverLabel;
    @FXML
    private Label noticeLabel;
    @FXML
    private ToggleButton loginToggle;
    @FXML
    private ToggleButton registerToggle;
    @FXML
    private TextField usernameField;
    @FXML
    private VBox displayNameBox;
    @FXML
    private TextField displayNameField;
    @FXML
    private PasswordField passwordField;
    @FXML
    private VBox inviteCodeBox;
    @FXML
    private TextField inviteCodeField;
    @FXML
    private TextField deviceNameField;
    @FXML
    private Label errorLabel;
    @FXML
    private Button submitButton;
    @FXML
    private Hyperlink changeServerLink;

    public SignInView(SignInViewModel viewModel, Runnable onChangeServer) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this, "SignInView.fxml");
        bind(onChangeServer);
    }

    public Parent root() {
        return root;
    }

    private void bind(Runnable onChangeServer) {
        serverLabel.textProperty().bind(viewModel.serverProperty().map(uri -> "Server: " + uri).orElse(""));
        noticeLabel.textProperty().bind(viewModel.noticeProperty());
        noticeLabel.visibleProperty().bind(viewModel.noticeProperty().isNotEmpty());
        noticeLabel.managedProperty().bind(noticeLabel.visibleProperty());

        ToggleGroup mode = new ToggleGroup();
        loginToggle.setToggleGroup(mode);
        registerToggle.setToggleGroup(mode);
        loginToggle.setSelected(!viewModel.registeringProperty().get());
        registerToggle.setSelected(viewModel.registeringProperty().get());
        // A toggle group lets the user unselect both; keep exactly one selected.
        mode.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                viewModel.registeringProperty().set(now == registerToggle);
            }
        });
        displayNameBox.visibleProperty().bind(viewModel.registeringProperty());
        displayNameBox.managedProperty().bind(displayNameBox.visibleProperty());
        inviteCodeBox.visibleProperty().bind(viewModel.registeringProperty());
        inviteCodeBox.managedProperty().bind(inviteCodeBox.visibleProperty());
        submitButton.textProperty().bind(viewModel.registeringProperty().map(r -> r ? "Create account" : "Log in"));

        usernameField.textProperty().bindBidirectional(viewModel.usernameProperty());
        displayNameField.textProperty().bindBidirectional(viewModel.displayNameProperty());
        passwordField.textProperty().bindBidirectional(viewModel.passwordProperty());
        inviteCodeField.textProperty().bindBidirectional(viewModel.inviteCodeProperty());
        deviceNameField.textProperty().bindBidirectional(viewModel.deviceNameProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());

        submitButton.disableProperty().bind(viewModel.canSubmitProperty().not());
        submitButton.setOnAction(e -> viewModel.submit());
        passwordField.setOnAction(e -> viewModel.submit());
        usernameField.setOnAction(e -> passwordField.requestFocus());
        changeServerLink.setOnAction(e -> onChangeServer.run());
        changeServerLink.disableProperty().bind(viewModel.busyProperty());
    }

    public void focus() {
        usernameField.requestFocus();
    }
}
