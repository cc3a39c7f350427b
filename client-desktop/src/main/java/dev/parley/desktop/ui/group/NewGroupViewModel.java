package dev.parley.desktop.ui.group;

import dev.parley.desktop.core.GroupService;
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
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The "New group" card: a name, an optional description, and members picked from the people one
 * has direct chats with or added by username.
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

    private final GroupService groups;
    private final Tasks tasks;
    private final Consumer<ConversationId> onCreated;

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty username = new SimpleStringProperty("");
    private final ObservableList<Candidate> candidates = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanBinding canCreate;
    private long generation;

    /** {@code onCreated} opens the new group. */
    public NewGroupViewModel(GroupService groups, Tasks tasks, Consumer<ConversationId> onCreated) {
        this.groups = groups;
        this.tasks = tasks;
        this.onCreated = Objects.requireNonNull(onCreated);
        canCreate = Bindings.createBooleanBinding(() -> !name.get().isBlank() && !busy.get(), name, busy);
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
        long gen = generation;
        busy.set(true);
        error.set("");
        tasks.run(() -> groups.createGroup(groupName, about, members), id -> {
            busy.set(false);
            if (gen == generation) {
                onCreated.accept(id);
            }
        }, message -> {
            busy.set(false);
            error.set(message);
        });
    }
}
