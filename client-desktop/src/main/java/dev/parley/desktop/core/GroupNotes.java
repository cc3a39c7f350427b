package dev.parley.desktop.core;

import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;

/**
 * The words for a group's membership entries, as lines in the chat and previews in the list: "Ana
 * added Ben", "You left", "Ana made you an admin". The user is "You" at the start and "you" after.
 */
final class GroupNotes {
    private GroupNotes() {
    }

    record Person(UserId id, boolean me, String name) {
        String asSubject() {
            return me ? "You" : name;
        }

        String asObject() {
            return me ? "you" : name;
        }

        /** "is" or "are", agreeing with {@link #asSubject()}. */
        String is() {
            return me ? "are" : "is";
        }
    }

    static String of(MessageKind kind, Person actor, Person subject, String text) {
        return switch (kind) {
            case TEXT -> text;
            case GROUP_CREATED -> actor.asSubject() + " created the group “" + text + "”";
            case MEMBER_JOINED -> subject == null || subject.id().equals(actor.id())
                    ? (subject == null ? actor : subject).asSubject() + " joined using the invite link"
                    : actor.asSubject() + " added " + subject.asObject();
            case MEMBER_LEFT -> (subject == null ? actor : subject).asSubject() + " left";
            case MEMBER_REMOVED -> actor.asSubject() + " removed " + (subject == null ? "someone" : subject.asObject());
            case GROUP_RENAMED -> actor.asSubject() + " renamed the group to “" + text + "”";
            case ROLE_CHANGED -> roleChanged(actor, subject == null ? actor : subject, text);
        };
    }

    private static String roleChanged(Person actor, Person subject, String newRole) {
        String role = newRole == null ? "" : newRole;
        if (actor.id().equals(subject.id())) {
            // The second entry of an ownership hand-over: the old owner becomes an admin.
            return subject.asSubject() + " " + subject.is() + " now " + roleName(role);
        }
        return switch (role) {
            case "owner" -> actor.asSubject() + " made " + subject.asObject() + " the owner";
            case "admin" -> actor.asSubject() + " made " + subject.asObject() + " an admin";
            default -> actor.asSubject() + " dismissed " + subject.asObject() + " as admin";
        };
    }

    private static String roleName(String role) {
        return switch (role) {
            case "owner" -> "the owner";
            case "admin" -> "an admin";
            default -> "a member";
        };
    }
}
