package dev.parley.desktop.ui.group;

import dev.parley.desktop.ui.common.Fxml;
import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;

/** The message info card: read by, delivered to, waiting. */
public final class MessageInfoView {
    private final Parent root;

    @FXML
    private Button closeButton;
    @FXML
    private Label textLabel;
    @FXML
    private Label summaryLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private Label readTitle;
    @FXML
    private ListView<String> readList;
    @FXML
    private Label deliveredTitle;
    @FXML
    private ListView<String> deliveredList;
    @FXML
    private Label waitingTitle;
    @FXML
    private ListView<String> waitingList;

    public MessageInfoView(MessageInfoViewModel viewModel, Runnable onClose) {
        this.root = Fxml.load(this, "MessageInfoView.fxml");
        closeButton.setOnAction(e -> onClose.run());
        textLabel.textProperty().bind(viewModel.textProperty());
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        section(readTitle, "Read by", readList, viewModel.readBy());
        section(deliveredTitle, "Delivered to", deliveredList, viewModel.deliveredTo());
        section(waitingTitle, "Waiting", waitingList, viewModel.waiting());
    }

    private static void section(Label title, String name, ListView<String> list, ObservableList<String> people) {
        list.setItems(people);
        title.textProperty().bind(Bindings.size(people).map(n -> name + " (" + n + ")"));
        list.prefHeightProperty().bind(Bindings.size(people).map(n -> Math.min(6, Math.max(1, n.intValue())) * 30.0 + 4));
        list.setPlaceholder(new Label("Nobody"));
    }

    public Parent root() {
        return root;
    }
}
