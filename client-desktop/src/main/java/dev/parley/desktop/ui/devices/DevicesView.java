package dev.parley.desktop.ui.devices;

import dev.parley.desktop.ui.common.Fxml;
import dev.parley.desktop.ui.common.TimeFormats;
import dev.parley.protocol.rest.DeviceView;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The "Devices" card. */
public final class DevicesView {
    private final Parent root;

    @FXML
    private Label messageLabel;
    @FXML
    private ListView<DeviceView> deviceList;
    @FXML
    private Button logOutOthersButton;
    @FXML
    private Button closeButton;

    public DevicesView(DevicesViewModel viewModel, TimeFormats formats, Runnable onClose) {
        this.root = Fxml.load(this, "DevicesView.fxml");
        messageLabel.textProperty().bind(viewModel.messageProperty());
        deviceList.setItems(viewModel.devices());
        deviceList.setCellFactory(list -> new DeviceCell(viewModel, formats));
        logOutOthersButton.disableProperty().bind(viewModel.busyProperty()
                .or(javafx.beans.binding.Bindings.size(viewModel.devices()).lessThan(2)));
        logOutOthersButton.setOnAction(e -> viewModel.logOutOthers());
        closeButton.setOnAction(e -> onClose.run());
    }

    public Parent root() {
        return root;
    }

    private static final class DeviceCell extends ListCell<DeviceView> {
        private final DevicesViewModel viewModel;
        private final TimeFormats formats;
        private final Label name = new Label();
        private final Label detail = new Label();
        private final Button logOut = new Button();
        private final HBox box;

        DeviceCell(DevicesViewModel viewModel, TimeFormats formats) {
            this.viewModel = viewModel;
            this.formats = formats;
            name.getStyleClass().add("device-name");
            detail.getStyleClass().add("text-muted");
            logOut.getStyleClass().addAll("small", "device-logout");
            VBox text = new VBox(2, name, detail);
            HBox.setHgrow(text, Priority.ALWAYS);
            box = new HBox(10, new FontIcon(Feather.MONITOR), text, logOut);
            box.setAlignment(Pos.CENTER_LEFT);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(DeviceView device, boolean empty) {
            super.updateItem(device, empty);
            if (empty || device == null) {
                setGraphic(null);
                return;
            }
            name.setText(device.name() + (device.current() ? " (this device)" : ""));
            String active = device.lastActiveAt() == null ? "" : "active " + formats.listTime(device.lastActiveAt());
            String since = device.createdAt() == null ? "" : "logged in " + formats.listTime(device.createdAt());
            detail.setText(String.join(" · ", java.util.stream.Stream.of(since, active).filter(s -> !s.isEmpty()).toList()));
            logOut.setText(device.current() ? "Log out here" : "Log out this device");
            logOut.setOnAction(e -> viewModel.logOut(device));
            setGraphic(box);
        }
    }
}
