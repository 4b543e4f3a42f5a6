package io.pgtide.runner.cli;

import io.pgtide.runner.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Parses durations such as {@code 2h}, {@code 90m}, {@code 1h30m}, {@code 45s} or ISO {@code PT2H}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration; use e.g. 2h, 30m, 1h30m or 45s"));
    }
}
