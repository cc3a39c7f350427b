package dev.parley.loadtest.run;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who takes part and where they talk, as set up over REST: all a worker needs to connect and send.
 * {@code share} is this plan's part of the whole run (a worker sends that part of the rate).
 */
public record Plan(List<Participant> participants, List<Chat> chats, double share) {

    public record Participant(int index, String username, UserId userId, String token) {
        public Participant {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(token, "token");
        }
    }

    /** A conversation and its members (participant indexes); {@code lastSeq} when it was set up. */
    public record Chat(ConversationId id, List<Integer> members, long lastSeq) {
        public Chat {
            Objects.requireNonNull(id, "id");
            members = List.copyOf(members);
        }
    }

    public Plan {
        participants = List.copyOf(participants);
        chats = List.copyOf(chats);
    }

    public Participant participant(int index) {
        return byIndex().get(index);
    }

    public Map<Integer, Participant> byIndex() {
        return participants.stream().collect(Collectors.toMap(Participant::index, Function.identity()));
    }

    /**
     * Part {@code worker} of {@code workers}: whole conversations stay in one part, so a message's sender
     * and receivers share a process (and a clock); without conversations, participants are split.
     */
    public Plan part(int worker, int workers) {
        if (workers == 1) {
            return this;
        }
        if (chats.isEmpty()) {
            List<Participant> mine = slice(participants, worker, workers);
            return new Plan(mine, List.of(), share * mine.size() / Math.max(1, participants.size()));
        }
        List<Chat> mine = slice(chats, worker, workers);
        Set<Integer> members = new LinkedHashSet<>();
        mine.forEach(chat -> members.addAll(chat.members()));
        Map<Integer, Participant> all = byIndex();
        List<Participant> people = new ArrayList<>();
        members.forEach(i -> people.add(all.get(i)));
        return new Plan(people, mine, share * mine.size() / chats.size());
    }

    private static <T> List<T> slice(List<T> all, int part, int parts) {
        int from = (int) ((long) all.size() * part / parts);
        int to = (int) ((long) all.size() * (part + 1) / parts);
        return all.subList(from, to);
    }
}
