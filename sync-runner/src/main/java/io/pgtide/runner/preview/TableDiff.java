package io.pgtide.runner.preview;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a sync would do to one table, counted the way the sync counts its own work.
 *
 * @param sourceRows rows the sync would read from the source (after the filter)
 * @param conflicts  rows that differ under conflict = fail (the sync of this table would fail)
 * @param samples    up to N keys per kind, as text ("42" or "(42, 'x')" style for several columns)
 * @param warnings   where this preview may differ from the real sync, and why
 */
public record TableDiff(String table, String method, long sourceRows, long toInsert, long toUpdate, long toDelete,
                        long unchanged, long toSkip, long conflicts, Map<Kind, List<String>> samples, List<String> warnings) {

    public enum Kind {
        INSERT, UPDATE, DELETE, SKIP, CONFLICT;

        public String label() {
            return name().toLowerCase();
        }
    }

    public TableDiff {
        EnumMap<Kind, List<String>> copy = new EnumMap<>(Kind.class);
        samples.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        samples = copy;
        warnings = List.copyOf(warnings);
    }

    public List<String> samples(Kind kind) {
        return samples.getOrDefault(kind, List.of());
    }
}
