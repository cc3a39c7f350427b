package dev.parley.desktop.ui.chat;

import javafx.collections.ObservableList;

import java.util.List;

/**
 * Applies a new row list to the shown one with the smallest change a chat needs: rows kept at the
 * start and end are updated in place (ticks), the middle is replaced (new or older messages). The list
 * view then keeps its scroll position instead of jumping.
 */
final class RowDiff {
    private RowDiff() {
    }

    static void apply(ObservableList<ChatRow> shown, List<ChatRow> next) {
        int prefix = 0;
        int max = Math.min(shown.size(), next.size());
        while (prefix < max && shown.get(prefix).key().equals(next.get(prefix).key())) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && shown.get(shown.size() - 1 - suffix).key().equals(next.get(next.size() - 1 - suffix).key())) {
            suffix++;
        }
        for (int i = 0; i < prefix; i++) {
            if (!shown.get(i).equals(next.get(i))) {
                shown.set(i, next.get(i));
            }
        }
        for (int i = 0; i < suffix; i++) {
            int s = shown.size() - 1 - i;
            int n = next.size() - 1 - i;
            if (!shown.get(s).equals(next.get(n))) {
                shown.set(s, next.get(n));
            }
        }
        int shownMiddleEnd = shown.size() - suffix;
        int nextMiddleEnd = next.size() - suffix;
        if (shownMiddleEnd > prefix) {
            shown.remove(prefix, shownMiddleEnd);
        }
        if (nextMiddleEnd > prefix) {
            shown.addAll(prefix, next.subList(prefix, nextMiddleEnd));
        }
    }
}
