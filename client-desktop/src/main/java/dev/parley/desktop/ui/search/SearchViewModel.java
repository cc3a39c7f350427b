package dev.parley.desktop.ui.search;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.model.SearchHit;
import dev.parley.desktop.ui.common.Tasks;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.function.Consumer;

/** Search across the messages cached on this computer; a hit opens its chat at that message. */
public final class SearchViewModel {
    private static final int MIN_QUERY = 2;

    private final ChatService service;
    private final Tasks tasks;
    private final Consumer<SearchHit> onOpen;
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<SearchHit> results = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when it is collected. */
    private final ObservableList<SearchHit> resultsView = FXCollections.unmodifiableObservableList(results);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private long generation;

    public SearchViewModel(ChatService service, Tasks tasks, Consumer<SearchHit> onOpen) {
        this.service = service;
        this.tasks = tasks;
        this.onOpen = onOpen;
        query.addListener((obs, old, now) -> search(now));
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObservableList<SearchHit> results() {
        return resultsView;
    }

    /** "3 messages", "No messages contain …", or a hint. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public void reset() {
        query.set("");
        results.clear();
        summary.set("Type at least " + MIN_QUERY + " characters to search your messages on this computer.");
    }

    private void search(String text) {
        long gen = ++generation;
        String q = text == null ? "" : text.strip();
        if (q.codePointCount(0, q.length()) < MIN_QUERY) {
            results.clear();
            summary.set("Type at least " + MIN_QUERY + " characters to search your messages on this computer.");
            return;
        }
        tasks.run(() -> service.search(q), hits -> {
            if (gen != generation) {
                return;
            }
            results.setAll(hits);
            summary.set(hits.isEmpty() ? "No messages contain \"" + q + "\"."
                    : hits.size() == 1 ? "1 message" : hits.size() + " messages");
        }, message -> {
            if (gen == generation) {
                summary.set(message);
            }
        });
    }

    public void open(SearchHit hit) {
        if (hit != null) {
            onOpen.accept(hit);
        }
    }
}
