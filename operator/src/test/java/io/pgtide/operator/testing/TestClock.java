package io.pgtide.operator.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it forward. It starts at the real time, so that it
 * agrees with the creation timestamps the mock API server writes.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    /** Moves to {@code instant}, which must not be earlier than now. */
    public void advanceTo(Instant instant) {
        now.updateAndGet(t -> {
            if (instant.isBefore(t)) {
                throw new IllegalArgumentException("a test clock only moves forward: " + instant + " < " + t);
            }
            return instant;
        });
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the operator works in UTC");
    }
}
