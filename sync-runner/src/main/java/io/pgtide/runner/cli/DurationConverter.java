package io.pgtide.runner.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations such as {@code 2h}, {@code 90m}, {@code 1h30m}, {@code 45s} or ISO {@code PT2H}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PARTS = Pattern.compile("(\\d+)(ms|h|m|s)");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase();
        if (v.startsWith("pt")) {
            return Duration.parse(v.toUpperCase());
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
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; use e.g. 2h, 30m, 1h30m or 45s");
        }
        return total;
    }
}
