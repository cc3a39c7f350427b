package dev.parley.server.presence;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.PresenceView;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.AccountRepository;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.realtime.Fanout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Online, last seen and typing. A user is online while any of their devices is connected; when the
 * last one goes, last seen is recorded (in the store and durably in the database). Changes are told
 * only to people who share a conversation with the user.
 */
public final class PresenceService {
    /** Seed note 004: presence TTL 60 s, renewed by a 30 s heartbeat. */
    public static final Duration PRESENCE_TTL = Duration.ofSeconds(60);
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** At most one typing indicator per user and conversation per window; it shows for as long. */
    public static final Duration TYPING_WINDOW = Duration.ofSeconds(3);

    private final PresenceStore store;
    private final ConversationRepository conversations;
    private final AccountRepository accounts;
    private final Fanout fanout;
    private final Clock clock;

    public PresenceService(PresenceStore store, ConversationRepository conversations, AccountRepository accounts,
                           Fanout fanout, Clock clock) {
        this.store = store;
        this.conversations = conversations;
        this.accounts = accounts;
        this.fanout = fanout;
        this.clock = clock;
    }

    public void connected(UserId user, DeviceId device) {
        boolean wasOnline = store.isOnline(user);
        store.deviceOnline(user, device, PRESENCE_TTL);
        if (!wasOnline) {
            announce(new PresenceView(user, true, null));
        }
    }

    public void heartbeat(UserId user, DeviceId device) {
        store.deviceOnline(user, device, PRESENCE_TTL);
    }

    /** Renews the presence of every device connected to this node. */
    public void heartbeat(List<PresenceStore.Device> devices) {
        store.devicesOnline(devices, PRESENCE_TTL);
    }

    public void disconnected(UserId user, DeviceId device) {
        if (store.deviceOffline(user, device)) {
            Instant now = clock.instant();
            store.setLastSeen(user, now);
            accounts.updateLastSeen(user, now);
            announce(new PresenceView(user, false, now));
        }
    }

    public PresenceView presenceOf(UserId user) {
        if (store.isOnline(user)) {
            return new PresenceView(user, true, null);
        }
        Optional<Instant> lastSeen = store.lastSeen(user)
                .or(() -> accounts.findUserById(user).map(u -> u.lastSeenAt()));
        return new PresenceView(user, false, lastSeen.orElse(null));
    }

    /** Presence of many users with one store round trip and, for those it does not know, one query. */
    public List<PresenceView> presenceOf(Collection<UserId> users) {
        List<UserId> ordered = List.copyOf(users);
        List<PresenceStore.Known> known = store.knownOf(ordered);
        List<UserId> unknown = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (!known.get(i).online() && known.get(i).lastSeen() == null) {
                unknown.add(ordered.get(i));
            }
        }
        Map<UserId, Instant> recorded = unknown.isEmpty() ? Map.of() : accounts.lastSeenOf(unknown);
        List<PresenceView> views = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            PresenceStore.Known k = known.get(i);
            views.add(k.online() ? new PresenceView(ordered.get(i), true, null)
                    : new PresenceView(ordered.get(i), false,
                    k.lastSeen() != null ? k.lastSeen() : recorded.get(ordered.get(i))));
        }
        return views;
    }

    /** Tells the other members that {@code user} is typing, unless already told within the window. */
    public void typing(ConversationId conversation, UserId user, DeviceId device) {
        if (store.claimTyping(conversation, user, TYPING_WINDOW)) {
            List<UserId> others = conversations.memberIds(conversation).stream()
                    .filter(member -> !member.equals(user)).toList();
            fanout.toUsers(others, new ServerFrame.Typing(conversation, user, clock.instant().plus(TYPING_WINDOW)));
        }
    }

    private void announce(PresenceView presence) {
        fanout.toUsers(conversations.contactsOf(presence.userId()), ServerFrame.Presence.of(presence));
    }
}
