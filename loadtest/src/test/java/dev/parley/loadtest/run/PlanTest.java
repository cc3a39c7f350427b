package dev.parley.loadtest.run;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PlanTest {
    @Test
    void partsKeepBothMembersOfAPairInOneWorkerAndShareTheRate() {
        List<Plan.Participant> people = new ArrayList<>();
        List<Plan.Chat> chats = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            people.add(new Plan.Participant(i, "lt_" + i, UserId.of(UUID.randomUUID()), "t" + i));
        }
        for (int i = 0; i < 5; i++) {
            chats.add(new Plan.Chat(ConversationId.of(UUID.randomUUID()), List.of(2 * i, 2 * i + 1), 0));
        }
        Plan plan = new Plan(people, chats, 1);

        Plan first = plan.part(0, 2);
        Plan second = plan.part(1, 2);

        assertThat(first.chats().size() + second.chats().size()).isEqualTo(5);
        assertThat(first.share() + second.share()).isEqualTo(1.0);
        for (Plan part : List.of(first, second)) {
            List<Integer> indexes = part.participants().stream().map(Plan.Participant::index).toList();
            part.chats().forEach(chat -> assertThat(indexes).containsAll(chat.members()));
        }
    }

    @Test
    void anOpenLoopFiresAtItsRateWhateverEachFiringCosts() {
        List<Long> due = new ArrayList<>();
        long fired = OpenLoop.run(200, java.time.Duration.ofMillis(100), (i, intended) -> due.add(intended));

        assertThat(fired).isEqualTo(20);
        assertThat(due.getLast() - due.getFirst()).isEqualTo(19 * 5_000_000L);
    }
}
