package dev.parley.loadtest.scenario;

import dev.parley.loadtest.cli.Options;
import dev.parley.loadtest.run.Plan;
import dev.parley.loadtest.run.ScenarioWorker;
import dev.parley.loadtest.setup.Accounts;
import dev.parley.loadtest.setup.Conversations;
import dev.parley.loadtest.setup.LoadUser;
import dev.parley.protocol.model.ConversationView;

import java.util.ArrayList;
import java.util.List;

/**
 * What each scenario sets up over REST and runs in its workers. Users {@code lt_0, lt_1, …} are shared
 * by the scenarios of pairs and idle connections (pair i is users 2i and 2i+1, always in the same direct
 * chat); group members are {@code ltg_0, …}, so no pair user carries a big group's history into a sync.
 */
public final class Scenarios {
    public static final String PAIR_USERS = "lt_";
    public static final String GROUP_USERS = "ltg_";

    private Scenarios() {
    }

    public static Plan plan(Options options, Accounts accounts, Conversations conversations) {
        return switch (options.scenario()) {
            case CONNECTIONS -> new Plan(participants(accounts.ensure(PAIR_USERS, options.connections())), List.of(), 1);
            case DIRECT, RAMP -> pairs(accounts.ensure(PAIR_USERS, 2 * options.pairs()), conversations);
            case STORM -> pairs(accounts.ensure(PAIR_USERS, 2 * options.devices()), conversations);
            case GROUP -> {
                List<LoadUser> members = accounts.ensure(GROUP_USERS, options.members());
                ConversationView group = conversations.group(members);
                List<Integer> indexes = new ArrayList<>();
                for (int i = 0; i < members.size(); i++) {
                    indexes.add(i);
                }
                yield new Plan(participants(members), List.of(new Plan.Chat(group.id(), indexes, group.lastSeq())), 1);
            }
        };
    }

    public static ScenarioWorker worker(Options options) {
        return switch (options.scenario()) {
            case CONNECTIONS -> new ConnectionsWorker(options);
            case DIRECT -> new DirectWorker(options, List.of(options.rate()), options.duration());
            case RAMP -> new DirectWorker(options, options.steps(), options.stepDuration());
            case STORM -> new StormWorker(options);
            case GROUP -> new GroupWorker(options);
        };
    }

    /** Enough worker processes for the sockets, at least {@code --workers}; a group is never split. */
    public static int workers(Options options, Plan plan) {
        int needed = (plan.participants().size() + options.perWorker() - 1) / options.perWorker();
        int workers = Math.max(1, Math.max(needed, options.workers()));
        return switch (options.scenario()) {
            case GROUP -> 1;
            case CONNECTIONS -> Math.min(workers, plan.participants().size());
            case DIRECT, RAMP, STORM -> Math.min(workers, plan.chats().size());
        };
    }

    private static Plan pairs(List<LoadUser> users, Conversations conversations) {
        List<ConversationView> chats = conversations.pairUp(users);
        List<Plan.Chat> planned = new ArrayList<>();
        for (int i = 0; i < chats.size(); i++) {
            planned.add(new Plan.Chat(chats.get(i).id(), List.of(2 * i, 2 * i + 1), chats.get(i).lastSeq()));
        }
        return new Plan(participants(users), planned, 1);
    }

    private static List<Plan.Participant> participants(List<LoadUser> users) {
        List<Plan.Participant> participants = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            LoadUser u = users.get(i);
            participants.add(new Plan.Participant(i, u.username(), u.userId(), u.token()));
        }
        return participants;
    }
}
