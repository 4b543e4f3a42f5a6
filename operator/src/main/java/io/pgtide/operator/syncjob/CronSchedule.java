package io.pgtide.operator.syncjob;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A SyncJob's {@code spec.schedule} in the syntax of a Kubernetes CronJob (five fields, names such as
 * MON or JAN, {@code ?}, and the {@code @daily}-style macros), evaluated in UTC.
 */
final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /**
     * cron-utils' Unix definition knows neither the macros nor {@code ?}, which a CronJob accepts (as
     * robfig/cron does). A custom cron-utils definition that knows them matches day-of-month AND
     * day-of-week where cron matches either ("0 0 1 * MON"), so instead the macros are rewritten into
     * robfig/cron's expansions and {@code ?} into {@code *}, which is what it means there.
     */
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private final ExecutionTime times;

    private CronSchedule(ExecutionTime times) {
        this.times = times;
    }

    /**
     * @throws IllegalArgumentException with a message that names the problem, for an expression a
     *                                  CronJob would not accept or that never matches a date (Feb 30)
     */
    static CronSchedule parse(String expression) {
        String trimmed = expression.trim();
        String fields = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed).replace('?', '*');
        Cron cron;
        try {
            cron = UNIX.parse(fields).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec.schedule '" + expression + "' is not a valid cron expression: "
                    + e.getMessage().replaceFirst("^Failed to parse cron expression\\. ", ""), e);
        }
        CronSchedule schedule = new CronSchedule(ExecutionTime.forCron(cron));
        if (schedule.firstAfter(Instant.EPOCH).isEmpty()) {
            throw new IllegalArgumentException("spec.schedule '" + expression + "' never matches a date");
        }
        return schedule;
    }

    /** The first scheduled time strictly after {@code instant}. */
    Instant nextAfter(Instant instant) {
        return firstAfter(instant).orElseThrow(() -> new IllegalStateException("checked by parse"));
    }

    private Optional<Instant> firstAfter(Instant instant) {
        return times.nextExecution(instant.atZone(ZoneOffset.UTC)).map(t -> t.toInstant());
    }
}
