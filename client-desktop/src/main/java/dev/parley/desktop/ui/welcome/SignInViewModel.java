package dev.parley.desktop.ui.welcome;

import dev.parley.desktop.core.Accounts;
import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.ui.common.Tasks;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.net.URI;
import java.util.function.Consumer;

/** First start, step two: log in to the chosen server or create an account there. */
public final class SignInViewModel {
    private final Accounts accounts;
    private final Tasks tasks;
    private final Consumer<ChatService> onSignedIn;

    private final ObjectProperty<URI> server = new SimpleObjectProperty<>();
    private final BooleanProperty registering = new SimpleBooleanProperty(false);
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty displayName = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty inviteCode = new SimpleStringProperty("");
    private final StringProperty deviceName = new SimpleStringProperty(defaultDeviceName());
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    public SignInViewModel(Accounts accounts, Tasks tasks, Consumer<ChatService> onSignedIn) {
        this.accounts = accounts;
        this.tasks = tasks;
        this.onSignedIn = onSignedIn;
    }

    public ObjectProperty<URI> serverProperty() {
        return server;
    }

    public BooleanProperty registeringProperty() {
        return registering;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty displayNameProperty() {
        return displayName;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** Optional when creating an account: a registration invite, which an invite-only server asks for. */
    public StringProperty inviteCodeProperty() {
        return inviteCode;
    }

    public StringProperty deviceNameProperty() {
        return deviceName;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Why the user is here again (e.g. "This device was logged out"). */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public void showNotice(String text) {
        notice.set(text == null ? "" : text);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding canSubmitProperty() {
        return Bindings.createBooleanBinding(
                () -> !busy.get() && server.get() != null && !username.get().isBlank() && !password.get().isEmpty(),
                busy, server, username, password);
    }

    public void submit() {
        URI target = server.get();
        if (target == null || username.get().isBlank() || password.get().isEmpty()) {
            error.set("Type your username and password.");
            return;
        }
        String user = username.get().strip();
        String secret = password.get();
        String device = deviceName.get().isBlank() ? defaultDeviceName() : deviceName.get().strip();
        boolean register = registering.get();
        String name = displayName.get().isBlank() ? user : displayName.get().strip();
        String invite = inviteCode.get().isBlank() ? null : inviteCode.get().strip();
        busy.set(true);
        error.set("");
        tasks.run(() -> register
                        ? accounts.register(target, user, name, secret, device, invite)
                        : accounts.login(target, user, secret, device),
                service -> {
                    busy.set(false);
                    password.set("");
                    notice.set("");
                    onSignedIn.accept(service);
                },
                message -> {
                    busy.set(false);
                    error.set(message);
                });
    }

    /** Named after the computer when the environment says its name (no lookup that could block). */
    static String defaultDeviceName() {
        String host = System.getenv().getOrDefault("HOSTNAME", System.getenv().getOrDefault("COMPUTERNAME", ""));
        String name = host.isBlank() ? "Parley Desktop" : "Parley Desktop on " + host;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
