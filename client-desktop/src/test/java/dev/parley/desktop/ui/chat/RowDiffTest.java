package dev.parley.desktop.ui.chat;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Row updates change as little as possible, so the open chat does not jump. */
class RowDiffTest {
    private static ChatRow day(int d) {
        return new ChatRow.DayHeading(LocalDate.of(2026, 3, d), "day " + d);
    }

    private static ChatRow unread(int n) {
        return new ChatRow.UnreadDivider(n);
    }

    @Test
    void appendingAddsAtTheEndOnly() {
        ObservableList<ChatRow> shown = FXCollections.observableArrayList(day(1), unread(1));
        List<String> changes = record(shown);
        RowDiff.apply(shown, List.of(day(1), unread(1), day(2)));
        assertThat(shown).containsExactly(day(1), unread(1), day(2));
        assertThat(changes).containsExactly("add 2..3");
    }

    @Test
    void prependingAddsAtTheStartOnly() {
        ObservableList<ChatRow> shown = FXCollections.observableArrayList(day(2), day(3));
        List<String> changes = record(shown);
        RowDiff.apply(shown, List.of(day(1), day(2), day(3)));
        assertThat(shown).containsExactly(day(1), day(2), day(3));
        assertThat(changes).containsExactly("add 0..1");
    }

    @Test
    void aChangedRowWithTheSameKeyIsReplacedInPlace() {
        ObservableList<ChatRow> shown = FXCollections.observableArrayList(day(1), unread(2), day(3));
        List<String> changes = record(shown);
        RowDiff.apply(shown, List.of(day(1), unread(5), day(3)));
        assertThat(shown).containsExactly(day(1), unread(5), day(3));
        assertThat(changes).containsExactly("replace 1..2");
    }

    private static List<String> record(ObservableList<ChatRow> list) {
        List<String> changes = new ArrayList<>();
        list.addListener((ListChangeListener<ChatRow>) c -> {
            while (c.next()) {
                changes.add((c.wasReplaced() ? "replace " : c.wasAdded() ? "add " : "remove ") + c.getFrom() + ".." + c.getTo());
            }
        });
        return changes;
    }
}
