package io.pgtide.runner;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them: {@code 2h}, {@code 90m}, {@code 1h30m}, {@code 45s}, {@code 500ms}
 * or ISO {@code PT2H}. One parser for the command line and for SyncJob's {@code timeout}, so both
 * accept exactly the same texts.
 */
public final class Durations {
    private static final Pattern PARTS = Pattern.compile("(\\d+)(ms|h|m|s)");

    private Durations() {
    }

    /** The duration, or empty when the text is not one (or is zero). */
    public static Optional<Duration> parse(String value) {
        String v = value.trim().toLowerCase();
        if (v.startsWith("pt")) {
            try {
                return Optional.of(Duration.parse(v.toUpperCase())).filter(d -> !d.isZero() && !d.isNegative());
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = PARTS.matcher(v);
        Duration total = Duration.ZERO;
        int consumed = 0;
        while (m.find()) {
            if (m.start() != consumed) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            consumed = m.end();
        }
        if (consumed == 0 || consumed != v.length() || total.isZero()) {
            return Optional.empty();
        }
        return Optional.of(total);
    }
}
