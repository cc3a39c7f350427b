package dev.parley.desktop.ui.devices;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.rest.DeviceView;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The devices this account is logged in on, with log-out per device and for all others. */
public final class DevicesViewModel {
    private final ChatService service;
    private final Tasks tasks;
    private final Runnable onLoggedOutHere;
    private final ObservableList<DeviceView> devices = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when it is collected. */
    private final ObservableList<DeviceView> devicesView = FXCollections.unmodifiableObservableList(devices);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    public DevicesViewModel(ChatService service, Tasks tasks, Runnable onLoggedOutHere) {
        this.service = service;
        this.tasks = tasks;
        this.onLoggedOutHere = onLoggedOutHere;
    }

    public ObservableList<DeviceView> devices() {
        return devicesView;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public void reload() {
        reload(null);
    }

    /** Reloads the list; {@code done} (if any) replaces the usual "N devices" line afterwards. */
    private void reload(String done) {
        busy.set(true);
        message.set("Loading your devices…");
        tasks.run(service::devices, list -> {
            busy.set(false);
            devices.setAll(list);
            message.set(done != null ? done
                    : list.size() == 1 ? "Only this device is logged in." : list.size() + " devices are logged in.");
        }, failure -> {
            busy.set(false);
            message.set("Could not load your devices: " + failure);
        });
    }

    public void logOut(DeviceView device) {
        if (device.current()) {
            busy.set(true);
            tasks.run(service::logOut, () -> {
                busy.set(false);
                onLoggedOutHere.run();
            }, failure -> {
                busy.set(false);
                message.set("Could not log out: " + failure);
            });
            return;
        }
        DeviceId id = device.id();
        busy.set(true);
        tasks.run(() -> service.logOutDevice(id), () -> reload("\"" + device.name() + "\" was logged out."), failure -> {
            busy.set(false);
            message.set("Could not log out \"" + device.name() + "\": " + failure);
        });
    }

    public void logOutOthers() {
        busy.set(true);
        tasks.run(service::logOutOtherDevices, () -> reload("Your other devices were logged out."), failure -> {
            busy.set(false);
            message.set("Could not log out your other devices: " + failure);
        });
    }
}
