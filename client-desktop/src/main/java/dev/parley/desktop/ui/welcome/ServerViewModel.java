package dev.parley.desktop.ui.welcome;

import dev.parley.desktop.core.Accounts;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.protocol.ParleyVersion;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Consumer;

/** First start, step one: which server to use, typed in or hosted on this computer. */
public final class ServerViewModel {
    private final Accounts accounts;
    private final ServerHosting hosting;
    private final Tasks tasks;
    private final Consumer<URI> onServerChosen;

    private final StringProperty address = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper hosted = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper hostedSummary = new ReadOnlyStringWrapper("");
    private final ObservableList<String> shareableAddresses = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when it is collected. */
    private final ObservableList<String> shareableAddressesView = FXCollections.unmodifiableObservableList(shareableAddresses);
    private URI hostedLocalAddress;

    public ServerViewModel(Accounts accounts, ServerHosting hosting, Tasks tasks, Consumer<URI> onServerChosen) {
        this.accounts = accounts;
        this.hosting = hosting;
        this.tasks = tasks;
        this.onServerChosen = onServerChosen;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hostedProperty() {
        return hosted.getReadOnlyProperty();
    }

    /** "Hosting Parley server 0.1.0. Others can join at:" once this computer hosts the server. */
    public ReadOnlyStringProperty hostedSummaryProperty() {
        return hostedSummary.getReadOnlyProperty();
    }

    /** "Parley Desktop 0.1.0", for the welcome screen's footer. */
    public String appVersion() {
        return "Parley Desktop " + ParleyVersion.current();
    }

    public ObservableList<String> shareableAddresses() {
        return shareableAddressesView;
    }

    public BooleanBinding canConnectProperty() {
        return Bindings.createBooleanBinding(() -> !busy.get() && !address.get().isBlank(), busy, address);
    }

    /** Checks the typed address and moves on when it is a Parley server. */
    public void connect() {
        URI server;
        try {
            server = parse(address.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        busy.set(true);
        error.set("");
        tasks.run(() -> accounts.checkServer(server), () -> {
            busy.set(false);
            onServerChosen.accept(server);
        }, message -> {
            busy.set(false);
            error.set(message);
        });
    }

    /** Starts the server on this computer and shows the addresses others can use. */
    public void hostHere() {
        busy.set(true);
        error.set("");
        tasks.run(hosting::start, result -> {
            busy.set(false);
            hostedLocalAddress = result.localAddress();
            shareableAddresses.setAll(result.shareableAddresses().stream().map(URI::toString).toList());
            hostedSummary.set("Hosting Parley server " + result.version() + ". Others can join at:");
            hosted.set(true);
        }, message -> {
            busy.set(false);
            error.set("Could not start a server on this computer: " + message);
        });
    }

    /** After hosting: go on to create an account on the server this computer runs. */
    public void continueWithHostedServer() {
        if (hostedLocalAddress != null) {
            onServerChosen.accept(hostedLocalAddress);
        }
    }

    /** "chat.example.org" → https, "192.168.1.20:8080" or "localhost:8080" → http; a typed scheme is kept. */
    static URI parse(String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Type the address of a Parley server, like 192.168.1.20:8080.");
        }
        if (!text.contains("://")) {
            String host = text.split("[:/]", 2)[0].toLowerCase(Locale.ROOT);
            boolean local = host.equals("localhost") || host.matches("[0-9.]+") || text.matches(".*:\\d+.*");
            text = (local ? "http://" : "https://") + text;
        }
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("\"" + typed.strip() + "\" is not a server address. Try something like 192.168.1.20:8080.");
            }
            String path = uri.getPath() == null || uri.getPath().equals("/") ? "" : uri.getPath();
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + typed.strip() + "\" is not a server address. Try something like 192.168.1.20:8080.");
        }
    }
}
