package io.pgtide.operator.status;

import io.pgtide.api.Condition;
import io.pgtide.api.ConditionStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a status' condition list from the previous one: a condition keeps its
 * lastTransitionTime while its status stays the same, as Kubernetes conventions require.
 */
public final class Conditions {
    private final List<Condition> previous;
    private final List<Condition> next = new ArrayList<>();
    private final long generation;
    private final Instant now;

    public Conditions(List<Condition> previous, long generation, Instant now) {
        this.previous = previous == null ? List.of() : previous;
        this.generation = generation;
        this.now = now;
    }

    public Conditions set(String type, boolean value, String reason, String message) {
        ConditionStatus status = value ? ConditionStatus.True : ConditionStatus.False;
        String since = previous.stream()
                .filter(c -> type.equals(c.getType()) && c.getStatus() == status && c.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .findFirst()
                .orElse(Timestamps.format(now));
        next.removeIf(c -> type.equals(c.getType()));
        next.add(new Condition(type, status, reason, message, since, generation));
        return this;
    }

    public List<Condition> list() {
        return List.copyOf(next);
    }

    /** The condition of that type in a list, if any. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
