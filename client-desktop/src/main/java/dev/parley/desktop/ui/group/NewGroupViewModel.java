package dev.parley.desktop.ui.group;

import dev.parley.desktop.core.ClientException;
import dev.parley.desktop.core.GroupService;
import dev.parley.desktop.core.PictureEncoder;
import dev.parley.desktop.core.model.GroupPicture;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Validation;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.UserView;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The "New group" card: a name, an optional description, an optional picture, and members picked
 * from the people one has direct chats with or added by username.
 */
public final class NewGroupViewModel {
    /** Someone who can be ticked to join the new group. */
    public static final class Candidate {
        private final String username;
        private final String displayName;
        private final BooleanProperty picked;

        Candidate(String username, String displayName, boolean picked) {
            this.username = username;
            this.displayName = displayName;
            this.picked = new SimpleBooleanProperty(picked);
        }

        public String username() {
            return username;
        }

        public BooleanProperty pickedProperty() {
            return picked;
        }

        /** "Ana Lima (@ana)", or "@ana" for someone added by username only. */
        public String label() {
            return displayName == null ? "@" + username : displayName + " (@" + username + ")";
        }

        @Override
        public String toString() {
            return label();
        }
    }

    private record Created(ConversationId id, String pictureError) {
    }

    private final GroupService groups;
    private final Tasks tasks;
    private final Consumer<ConversationId> onCreated;
    private final Consumer<String> onNotice;

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty username = new SimpleStringProperty("");
    private final ObservableList<Candidate> candidates = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<GroupPicture> picture = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper pictureBusy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanBinding canCreate;
    private long generation;

    /**
     * {@code onCreated} opens the new group; {@code onNotice} tells what went wrong after it was made
     * (its picture could not be set), when the card is gone.
     */
    public NewGroupViewModel(GroupService groups, Tasks tasks, Consumer<ConversationId> onCreated,
                             Consumer<String> onNotice) {
        this.groups = groups;
        this.tasks = tasks;
        this.onCreated = Objects.requireNonNull(onCreated);
        this.onNotice = Objects.requireNonNull(onNotice);
        canCreate = Bindings.createBooleanBinding(() -> !name.get().isBlank() && !busy.get() && !pictureBusy.get(),
                name, busy, pictureBusy);
    }

    /** The picture chosen for the group, encoded as it will be sent; null: none (initials). */
    public ReadOnlyObjectProperty<GroupPicture> pictureProperty() {
        return picture.getReadOnlyProperty();
    }

    /** A chosen picture is being read and made small. */
    public ReadOnlyBooleanProperty pictureBusyProperty() {
        return pictureBusy.getReadOnlyProperty();
    }

    /** Reads, crops and shrinks the picture in {@code file} (off the FX thread); errors stay on the card. */
    public void choosePicture(Path file) {
        if (file == null) {
            return;
        }
        long gen = generation;
        pictureBusy.set(true);
        error.set("");
        tasks.run(() -> PictureEncoder.encode(file), encoded -> {
            pictureBusy.set(false);
            if (gen == generation) {
                picture.set(encoded);
            }
        }, message -> {
            pictureBusy.set(false);
            if (gen == generation) {
                error.set(message);
            }
        });
    }

    public void clearPicture() {
        picture.set(null);
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    /** The "add by username" box. */
    public StringProperty usernameProperty() {
        return username;
    }

    public ObservableList<Candidate> candidates() {
        return candidates;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public BooleanBinding canCreateProperty() {
        return canCreate;
    }

    /** A fresh card: empty fields, the people from one's direct chats unticked. */
    public void reset() {
        long gen = ++generation;
        name.set("");
        description.set("");
        username.set("");
        error.set("");
        busy.set(false);
        picture.set(null);
        pictureBusy.set(false);
        candidates.clear();
        tasks.run(groups::contacts, contacts -> {
            if (gen == generation) {
                contacts.forEach(this::offer);
            }
        }, error::set);
    }

    private void offer(UserView user) {
        if (find(user.username()) == null) {
            candidates.add(new Candidate(user.username(), user.displayName(), false));
        }
    }

    private Candidate find(String login) {
        return candidates.stream().filter(c -> c.username().equals(login)).findFirst().orElse(null);
    }

    /** Adds the typed username to the list, ticked (the server checks it exists when the group is made). */
    public void addUsername() {
        String typed = username.get().strip();
        if (typed.startsWith("@")) {
            typed = typed.substring(1);
        }
        if (typed.isEmpty()) {
            return;
        }
        String login;
        try {
            login = Validation.username(typed.toLowerCase(Locale.ROOT));
        } catch (ProtocolException e) {
            error.set(e.getMessage());
            return;
        }
        Candidate known = find(login);
        if (known != null) {
            known.pickedProperty().set(true);
        } else {
            candidates.add(new Candidate(login, null, true));
        }
        username.set("");
        error.set("");
    }

    public List<String> pickedUsernames() {
        return candidates.stream().filter(c -> c.pickedProperty().get()).map(Candidate::username).toList();
    }

    /** Creates the group; on success the card closes and the group opens. Errors stay on the card. */
    public void create() {
        if (!canCreate.get()) {
            if (name.get().isBlank()) {
                error.set("Give the group a name.");
            }
            return;
        }
        if (!username.get().isBlank()) {
            addUsername();
        }
        String groupName = name.get();
        String about = description.get();
        List<String> members = pickedUsernames();
        GroupPicture chosen = picture.get();
        long gen = generation;
        busy.set(true);
        error.set("");
        tasks.run(() -> {
            ConversationId id = groups.createGroup(groupName, about, members);
            if (chosen == null) {
                return new Created(id, null);
            }
            try {
                groups.setPicture(id, chosen);
                return new Created(id, null);
            } catch (ClientException e) {
                // The group stands; only its picture is missing, and the info pane can set it again.
                return new Created(id, "“" + groupName + "” was made, but its picture could not be set: "
                        + e.getMessage());
            }
        }, created -> {
            busy.set(false);
            if (gen == generation) {
                onCreated.accept(created.id());
                if (created.pictureError() != null) {
                    onNotice.accept(created.pictureError());
                }
            }
        }, message -> {
            busy.set(false);
            error.set(message);
        });
    }
}
