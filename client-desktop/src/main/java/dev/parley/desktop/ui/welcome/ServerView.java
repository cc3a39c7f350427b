package dev.parley.desktop.ui.welcome;

import dev.parley.desktop.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Where is your Parley server? */
public final class ServerView {
    private final ServerViewModel viewModel;
    private final Parent root;

    @FXML
    private TextField addressField;
    @FXML
    private Button connectButton;
    @FXML
    private Button hostButton;
    @FXML
    private Label errorLabel;
    @FXML
    private VBox hostedBox;
    @FXML
    private VBox addressList;
    @FXML
    private Button continueHostedButton;
    @FXML
    private Label hostedLabel;
    @FXML
    private Label versionLabel;

    public ServerView(ServerViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this, "ServerView.fxml");
        bind();
    }

    public Parent root() {
        return root;
    }

    private void bind() {
        addressField.textProperty().bindBidirectional(viewModel.addressProperty());
        addressField.setOnAction(e -> viewModel.connect());
        connectButton.disableProperty().bind(viewModel.canConnectProperty().not());
        connectButton.setOnAction(e -> viewModel.connect());
        hostButton.disableProperty().bind(viewModel.busyProperty());
        hostButton.setOnAction(e -> viewModel.hostHere());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        hostedBox.visibleProperty().bind(viewModel.hostedProperty());
        hostedBox.managedProperty().bind(hostedBox.visibleProperty());
        continueHostedButton.setOnAction(e -> viewModel.continueWithHostedServer());
        hostedLabel.textProperty().bind(viewModel.hostedSummaryProperty());
        versionLabel.setText(viewModel.appVersion());
        viewModel.shareableAddresses().addListener((javafx.collections.ListChangeListener<String>) c -> showAddresses());
        showAddresses();
    }

    private void showAddresses() {
        addressList.getChildren().clear();
        for (String address : viewModel.shareableAddresses()) {
            TextField text = new TextField(address);
            text.setEditable(false);
            text.getStyleClass().add("shareable-address");
            HBox.setHgrow(text, Priority.ALWAYS);
            Button copy = new Button("Copy", new FontIcon(Feather.COPY));
            copy.getStyleClass().add("copy-address");
            copy.setOnAction(e -> {
                ClipboardContent content = new ClipboardContent();
                content.putString(address);
                Clipboard.getSystemClipboard().setContent(content);
                copy.setText("Copied");
            });
            HBox row = new HBox(8, text, copy);
            addressList.getChildren().add(row);
        }
    }
}
