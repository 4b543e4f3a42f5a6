package io.pgtide.operator.syncjob;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** spec.timeout ({@code 2h}, {@code 90m}, {@code 1h30m}, {@code 45s}) as the runner Job's deadline. */
final class RunTimeout {
    static final Duration DEFAULT = Duration.ofHours(2);
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private RunTimeout() {
    }

    /** The duration, or empty when the text is not one (the CRD's pattern normally prevents that). */
    static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.of(DEFAULT);
        }
        String t = text.trim();
        if (!WHOLE.matcher(t).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
        }
        return total.isZero() ? Optional.empty() : Optional.of(total);
    }

    /** activeDeadlineSeconds: the timeout, capped by the operator's maximum, at least one second. */
    static long deadlineSeconds(Duration timeout, Duration max) {
        return Math.max(1, (timeout.compareTo(max) > 0 ? max : timeout).toSeconds());
    }
}
