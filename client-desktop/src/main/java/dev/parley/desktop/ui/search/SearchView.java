package dev.parley.desktop.ui.search;

import dev.parley.desktop.core.model.SearchHit;
import dev.parley.desktop.ui.common.Fxml;
import dev.parley.desktop.ui.common.Texts;
import dev.parley.desktop.ui.common.TimeFormats;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The "Search messages" card. */
public final class SearchView {
    private final SearchViewModel viewModel;
    private final Parent root;

    @FXML
    private TextField queryField;
    @FXML
    private Label summaryLabel;
    @FXML
    private ListView<SearchHit> resultList;
    @FXML
    private Button closeButton;

    public SearchView(SearchViewModel viewModel, TimeFormats formats, Runnable onClose) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this, "SearchView.fxml");
        queryField.textProperty().bindBidirectional(viewModel.queryProperty());
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
        resultList.setItems(viewModel.results());
        resultList.setCellFactory(list -> new HitCell(formats));
        resultList.setOnMouseClicked(e -> viewModel.open(resultList.getSelectionModel().getSelectedItem()));
        resultList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                viewModel.open(resultList.getSelectionModel().getSelectedItem());
            }
        });
        queryField.setOnKeyPressed(e -> {
            if ((e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.ENTER) && !resultList.getItems().isEmpty()) {
                resultList.getSelectionModel().selectFirst();
                resultList.requestFocus();
                e.consume();
            }
        });
        closeButton.setOnAction(e -> onClose.run());
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        queryField.requestFocus();
    }

    private static final class HitCell extends ListCell<SearchHit> {
        private final TimeFormats formats;
        private final Label chat = new Label();
        private final Label when = new Label();
        private final Label text = new Label();
        private final VBox box;

        HitCell(TimeFormats formats) {
            this.formats = formats;
            chat.getStyleClass().add("hit-chat");
            when.getStyleClass().add("hit-time");
            text.getStyleClass().add("hit-text");
            HBox.setHgrow(chat, Priority.ALWAYS);
            chat.setMaxWidth(Double.MAX_VALUE);
            box = new VBox(2, new HBox(8, chat, when), text);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(SearchHit hit, boolean empty) {
            super.updateItem(hit, empty);
            if (empty || hit == null) {
                setGraphic(null);
                return;
            }
            chat.setText(hit.chatTitle());
            when.setText(formats.listTime(hit.time()));
            text.setText(hit.senderName() + ": " + Texts.preview(hit.text(), 120));
            setGraphic(box);
        }
    }
}
