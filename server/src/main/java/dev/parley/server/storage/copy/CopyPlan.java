package dev.parley.server.storage.copy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tables to copy, read from the source's catalogue (so tables added by later migrations are
 * copied without changing this code), ordered so that every table comes after the tables its
 * foreign keys point to.
 */
record CopyPlan(List<String> tables) {
    static final String FLYWAY_HISTORY = "flyway_schema_history";
    /**
     * Tables whose rows the migrations themselves insert (defaults such as the registration mode): a new
     * target holds them, and the copy replaces them with the source's.
     */
    static final Set<String> SEEDED_BY_MIGRATIONS = Set.of("server_settings");

    CopyPlan {
        tables = List.copyOf(tables);
    }

    static CopyPlan of(Connection source) throws SQLException {
        DatabaseMetaData meta = source.getMetaData();
        String schema = source.getSchema();
        Map<String, Set<String>> references = new TreeMap<>();
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!table.equals(FLYWAY_HISTORY)) {
                    references.put(table, new LinkedHashSet<>());
                }
            }
        }
        for (Map.Entry<String, Set<String>> entry : references.entrySet()) {
            try (ResultSet rs = meta.getImportedKeys(null, schema, entry.getKey())) {
                while (rs.next()) {
                    String referenced = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!referenced.equals(entry.getKey())) {
                        entry.getValue().add(referenced);
                    }
                }
            }
        }
        if (references.isEmpty()) {
            throw new CopyException("The source database has no Parley tables.");
        }
        return new CopyPlan(dependenciesFirst(references));
    }

    private static List<String> dependenciesFirst(Map<String, Set<String>> references) {
        List<String> ordered = new ArrayList<>();
        Map<String, Set<String>> pending = new LinkedHashMap<>(references);
        while (!pending.isEmpty()) {
            String ready = pending.entrySet().stream()
                    .filter(e -> ordered.containsAll(e.getValue().stream().filter(references::containsKey).toList()))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow(() -> new CopyException("Foreign keys form a cycle among " + pending.keySet()));
            ordered.add(ready);
            pending.remove(ready);
        }
        return ordered;
    }
}
