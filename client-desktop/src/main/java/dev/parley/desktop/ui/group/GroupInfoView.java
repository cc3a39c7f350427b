package dev.parley.desktop.ui.group;

import dev.parley.desktop.core.model.GroupMember;
import dev.parley.desktop.ui.common.Fxml;
import dev.parley.desktop.ui.common.Texts;
import dev.parley.desktop.ui.common.TimeFormats;
import dev.parley.protocol.rest.JoinRequestList;
import dev.parley.desktop.ui.common.AvatarImages;
import dev.parley.desktop.ui.common.RoundAvatar;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;

/** The group info card. */
public final class GroupInfoView {
    private final GroupInfoViewModel viewModel;
    private final TimeFormats formats;
    private final Parent root;

    @FXML
    private Button closeButton;
    @FXML
    private TextField nameField;
    @FXML
    private TextArea descriptionField;
    @FXML
    private Button saveButton;
    @FXML
    private Label countLabel;
    @FXML
    private Label inactiveLabel;
    @FXML
    private ListView<GroupMember> memberList;
    @FXML
    private VBox adminBox;
    @FXML
    private TextField addField;
    @FXML
    private Button addButton;
    @FXML
    private Label linkLabel;
    @FXML
    private Button copyLinkButton;
    @FXML
    private Button newLinkButton;
    @FXML
    private Button revokeLinkButton;
    @FXML
    private CheckBox approvalBox;
    @FXML
    private Label requestsLabel;
    @FXML
    private VBox requestBox;
    @FXML
    private Label messageLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private Button leaveButton;
    @FXML
    private VBox leaveConfirm;
    @FXML
    private Label leaveQuestion;
    @FXML
    private Button leaveConfirmButton;
    @FXML
    private Button leaveCancelButton;
    @FXML
    private ScrollPane scroller;
    @FXML
    private StackPane avatarHolder;
    @FXML
    private Button pictureButton;
    @FXML
    private Button removePictureButton;
    private final RoundAvatar avatar;

    public GroupInfoView(GroupInfoViewModel viewModel, TimeFormats formats, AvatarImages pictures, Runnable onClose) {
        this.viewModel = viewModel;
        this.formats = formats;
        this.root = Fxml.load(this, "GroupInfoView.fxml");
        this.avatar = new RoundAvatar(pictures, 72);
        closeButton.setOnAction(e -> onClose.run());
        bind();
        bindPicture();
        bindLeave();
    }

    public Parent root() {
        return root;
    }

    private void bind() {
        var manage = viewModel.canManageProperty();
        var active = Bindings.createBooleanBinding(() -> viewModel.infoProperty().get() != null
                && viewModel.infoProperty().get().active(), viewModel.infoProperty());
        nameField.textProperty().bindBidirectional(viewModel.nameProperty());
        descriptionField.textProperty().bindBidirectional(viewModel.descriptionProperty());
        nameField.editableProperty().bind(manage);
        descriptionField.editableProperty().bind(manage);
        nameField.setOnAction(e -> viewModel.saveDetails());
        saveButton.visibleProperty().bind(manage);
        saveButton.managedProperty().bind(manage);
        saveButton.disableProperty().bind(viewModel.busyProperty());
        saveButton.setOnAction(e -> viewModel.saveDetails());

        countLabel.textProperty().bind(Bindings.createStringBinding(viewModel::memberCount, viewModel.members()));
        countLabel.visibleProperty().bind(active);
        inactiveLabel.visibleProperty().bind(active.not().and(viewModel.infoProperty().isNotNull()));
        inactiveLabel.managedProperty().bind(inactiveLabel.visibleProperty());
        memberList.setItems(viewModel.members());
        memberList.setCellFactory(list -> new MemberCell());
        memberList.visibleProperty().bind(active);
        memberList.managedProperty().bind(active);

        adminBox.visibleProperty().bind(manage);
        adminBox.managedProperty().bind(manage);
        addField.textProperty().bindBidirectional(viewModel.addUsernamesProperty());
        addField.setOnAction(e -> viewModel.addMembers());
        addButton.disableProperty().bind(viewModel.addUsernamesProperty().isEmpty().or(viewModel.busyProperty()));
        addButton.setOnAction(e -> viewModel.addMembers());
        linkLabel.textProperty().bind(viewModel.inviteLinkProperty().map(link -> link.isEmpty()
                ? "No invite link: make one to let people join by link." : link));
        copyLinkButton.disableProperty().bind(viewModel.inviteLinkProperty().isEmpty());
        copyLinkButton.setOnAction(e -> viewModel.copyLink(link -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(link);
            Clipboard.getSystemClipboard().setContent(content);
        }));
        newLinkButton.setOnAction(e -> viewModel.newLink());
        revokeLinkButton.disableProperty().bind(viewModel.inviteLinkProperty().isEmpty());
        revokeLinkButton.setOnAction(e -> viewModel.revokeLink());
        approvalBox.setSelected(viewModel.joinApprovalProperty().get());
        viewModel.joinApprovalProperty().addListener((obs, old, now) -> approvalBox.setSelected(now));
        approvalBox.setOnAction(e -> viewModel.setJoinApproval(approvalBox.isSelected()));
        requestsLabel.textProperty().bind(Bindings.size(viewModel.requests()).map(n -> n.intValue() == 1
                ? "1 person asked to join" : n + " people asked to join"));
        requestsLabel.visibleProperty().bind(Bindings.isNotEmpty(viewModel.requests()));
        requestsLabel.managedProperty().bind(requestsLabel.visibleProperty());
        viewModel.requests().addListener((javafx.collections.ListChangeListener<JoinRequestList.Entry>) c -> showRequests());

        messageLabel.textProperty().bind(viewModel.messageProperty());
        messageLabel.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        messageLabel.managedProperty().bind(messageLabel.visibleProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
    }

    private void bindPicture() {
        avatar.node().getStyleClass().add("group-picture");
        avatar.picture().setId("groupInfoAvatarImage");
        avatarHolder.getChildren().setAll(avatar.node());
        javafx.beans.InvalidationListener show = obs -> avatar.show(viewModel.nameProperty().get(),
                viewModel.group().orElse(null), viewModel.avatarTagProperty().get());
        viewModel.avatarTagProperty().addListener(show);
        viewModel.infoProperty().addListener(show);
        viewModel.nameProperty().addListener(show);
        var manage = viewModel.canManageProperty();
        pictureButton.visibleProperty().bind(manage);
        pictureButton.managedProperty().bind(manage);
        pictureButton.textProperty().bind(viewModel.avatarTagProperty().map(tag -> "Change picture…")
                .orElse("Choose picture…"));
        pictureButton.disableProperty().bind(viewModel.busyProperty());
        pictureButton.setOnAction(e -> PictureChooser.choose(root).ifPresent(viewModel::setPicture));
        removePictureButton.visibleProperty().bind(manage.and(viewModel.avatarTagProperty().isNotNull()));
        removePictureButton.managedProperty().bind(removePictureButton.visibleProperty());
        removePictureButton.disableProperty().bind(viewModel.busyProperty());
        removePictureButton.setOnAction(e -> viewModel.removePicture());
    }

    /** Leaving asks first, in the pane: Enter leaves, Esc (the main view routes it here) cancels. */
    private void bindLeave() {
        var active = Bindings.createBooleanBinding(() -> viewModel.infoProperty().get() != null
                && viewModel.infoProperty().get().active(), viewModel.infoProperty());
        var asking = viewModel.confirmingLeaveProperty();
        leaveButton.visibleProperty().bind(active.and(asking.not()));
        leaveButton.managedProperty().bind(leaveButton.visibleProperty());
        leaveButton.disableProperty().bind(viewModel.busyProperty());
        leaveButton.setOnAction(e -> viewModel.askToLeave());
        leaveConfirm.visibleProperty().bind(asking);
        leaveConfirm.managedProperty().bind(asking);
        leaveConfirmButton.setOnAction(e -> viewModel.leave());
        leaveCancelButton.setOnAction(e -> viewModel.cancelLeave());
        leaveConfirm.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                viewModel.leave();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                viewModel.cancelLeave();
            }
        });
        asking.addListener((obs, was, now) -> {
            if (now) {
                leaveQuestion.setText(viewModel.leaveQuestion());
                Platform.runLater(() -> {
                    scroller.layout();
                    scroller.setVvalue(scroller.getVmax());
                    leaveConfirmButton.requestFocus();
                });
            } else if (leaveButton.isVisible()) {
                Platform.runLater(leaveButton::requestFocus);
            }
        });
    }

    private void showRequests() {
        List<Node> rows = viewModel.requests().stream().map(this::requestRow).toList();
        requestBox.getChildren().setAll(rows);
    }

    private Node requestRow(JoinRequestList.Entry request) {
        Label who = new Label(request.user().displayName() + " (@" + request.user().username() + ")");
        who.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(who, Priority.ALWAYS);
        Button approve = new Button("Approve");
        approve.getStyleClass().addAll("small", "success");
        approve.setId("approve-" + request.user().username());
        approve.setOnAction(e -> viewModel.approve(request));
        Button decline = new Button("Decline");
        decline.getStyleClass().addAll("small", "flat");
        decline.setId("decline-" + request.user().username());
        decline.setOnAction(e -> viewModel.decline(request));
        HBox row = new HBox(8, who, approve, decline);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("join-request");
        return row;
    }

    /** A member: initials, name, presence, role badge; the actions this user may take in a menu. */
    private final class MemberCell extends ListCell<GroupMember> {
        private final Label initials = new Label();
        private final Label name = new Label();
        private final Label presence = new Label();
        private final Label role = new Label();
        private final MenuButton menu = new MenuButton();
        private final HBox box;

        MemberCell() {
            getStyleClass().add("member-cell");
            StackPane avatar = new StackPane(initials);
            avatar.getStyleClass().addAll("avatar", "small-avatar");
            name.getStyleClass().add("member-name");
            presence.getStyleClass().add("member-presence");
            role.getStyleClass().add("role-badge");
            role.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            menu.setGraphic(new FontIcon(Feather.MORE_HORIZONTAL));
            menu.getStyleClass().addAll("flat", "button-icon", "no-arrow", "member-menu");
            VBox text = new VBox(1, name, presence);
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            box = new HBox(10, avatar, text, role, menu);
            box.setAlignment(Pos.CENTER_LEFT);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(GroupMember member, boolean empty) {
            super.updateItem(member, empty);
            setText(null);
            if (empty || member == null) {
                setGraphic(null);
                setContextMenu(null);
                return;
            }
            initials.setText(Texts.initials(member.displayName()));
            name.setText(member.me() ? member.displayName() + " (you)" : member.displayName());
            presence.setText(member.me() ? "@" + member.username()
                    : member.online() ? "online"
                    : member.lastSeenAt() != null ? formats.lastSeen(member.lastSeenAt()) : "@" + member.username());
            presence.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("live"), !member.me() && member.online());
            role.setText(switch (member.role()) {
                case OWNER -> "Owner";
                case ADMIN -> "Admin";
                case MEMBER -> "";
            });
            role.setVisible(!role.getText().isEmpty());
            List<MenuItem> items = viewModel.actionsFor(member).stream().map(action -> {
                MenuItem item = new MenuItem(action.label());
                item.setId("member-action-" + action.name().toLowerCase(java.util.Locale.ROOT));
                if (action == MemberAction.REMOVE) {
                    item.getStyleClass().add("danger");
                }
                item.setOnAction(e -> viewModel.perform(member, action));
                return item;
            }).toList();
            menu.getItems().setAll(items);
            menu.setVisible(!items.isEmpty());
            setContextMenu(items.isEmpty() ? null : new ContextMenu(items.stream().map(i -> {
                MenuItem copy = new MenuItem(i.getText());
                copy.setOnAction(i.getOnAction());
                return copy;
            }).toArray(MenuItem[]::new)));
            setAccessibleText(name.getText() + (role.getText().isEmpty() ? "" : ", " + role.getText())
                    + ", " + presence.getText());
            setGraphic(box);
        }
    }
}
