package dev.parley.desktop.ui.settings;

import dev.parley.desktop.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;

/** The "Settings" card: theme, notification previews, who is logged in, log out. */
public final class SettingsView {
    private final Parent root;

    @FXML
    private ComboBox<ThemeChoice> themeBox;
    @FXML
    private CheckBox hidePreviewBox;
    @FXML
    private Label accountLabel;
    @FXML
    private Button logOutButton;
    @FXML
    private Button closeButton;
    @FXML
    private Label versionLabel;

    public SettingsView(SettingsViewModel viewModel, String account, Runnable onLogOut, Runnable onClose) {
        this.root = Fxml.load(this, "SettingsView.fxml");
        themeBox.getItems().setAll(ThemeChoice.values());
        themeBox.valueProperty().bindBidirectional(viewModel.themeProperty());
        hidePreviewBox.selectedProperty().bindBidirectional(viewModel.hidePreviewProperty());
        accountLabel.setText(account);
        versionLabel.setText(viewModel.appVersion());
        logOutButton.setOnAction(e -> onLogOut.run());
        closeButton.setOnAction(e -> onClose.run());
    }

    public Parent root() {
        return root;
    }
}
