package io.pgtide.operator.syncjob;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {
    private static final Instant WEDNESDAY_1017 = Instant.parse("2025-01-01T10:17:00Z");

    @Test
    void fiveFieldsInUtc() {
        assertThat(next("0 3 * * *", WEDNESDAY_1017)).isEqualTo("2025-01-02T03:00:00Z");
        assertThat(next("*/15 * * * *", WEDNESDAY_1017)).isEqualTo("2025-01-01T10:30:00Z");
        assertThat(next("5 4 * * sun", WEDNESDAY_1017)).isEqualTo("2025-01-05T04:05:00Z");
        assertThat(next("0 0 * JAN 7", WEDNESDAY_1017)).isEqualTo("2025-01-05T00:00:00Z");
    }

    @Test
    void theNextTimeIsStrictlyLater() {
        assertThat(next("0 * * * *", Instant.parse("2025-01-01T10:00:00Z"))).isEqualTo("2025-01-01T11:00:00Z");
    }

    @Test
    void macrosAndQuestionMarksAsACronJobReadsThem() {
        assertThat(next("@hourly", WEDNESDAY_1017)).isEqualTo("2025-01-01T11:00:00Z");
        assertThat(next("@daily", WEDNESDAY_1017)).isEqualTo(next("@midnight", WEDNESDAY_1017)).isEqualTo("2025-01-02T00:00:00Z");
        assertThat(next("@weekly", WEDNESDAY_1017)).isEqualTo("2025-01-05T00:00:00Z");
        assertThat(next("@monthly", WEDNESDAY_1017)).isEqualTo("2025-02-01T00:00:00Z");
        assertThat(next("@yearly", WEDNESDAY_1017)).isEqualTo(next("@annually", WEDNESDAY_1017)).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(next("0 0 ? * MON", WEDNESDAY_1017)).isEqualTo("2025-01-06T00:00:00Z");
    }

    @Test
    void dayOfMonthOrDayOfWeekAsInCron() {
        // Both restricted: either matches (Monday the 6th comes before the 1st of February).
        assertThat(next("0 0 1 * MON", WEDNESDAY_1017)).isEqualTo("2025-01-06T00:00:00Z");
    }

    @Test
    void invalidExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *"))
                .hasMessage("spec.schedule '0 25 * * *' is not a valid cron expression: Value 25 not in range [0, 23]");
        assertThatThrownBy(() -> CronSchedule.parse("* * * * * *"))
                .hasMessageContaining("is not a valid cron expression").hasMessageContaining("6 parts");
        assertThatThrownBy(() -> CronSchedule.parse("@reboot")).hasMessageContaining("is not a valid cron expression");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 30 2 *")).hasMessage("spec.schedule '0 0 30 2 *' never matches a date");
    }

    private static String next(String expression, Instant after) {
        return CronSchedule.parse(expression).nextAfter(after).toString();
    }
}
