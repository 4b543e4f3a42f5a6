package io.pgtide.runner.job;

import io.pgtide.api.BackupPolicy;
import io.pgtide.api.BackupSpec;
import io.pgtide.api.DatabaseConnectionSpec;
import io.pgtide.api.Notifications;
import io.pgtide.api.RateLimit;
import io.pgtide.api.SslMode;
import io.pgtide.api.SyncJobSpec;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.backup.BackupOptions;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.schema.TableRef;
import io.pgtide.runner.sync.ConflictStrategy;
import io.pgtide.runner.sync.OnTableError;
import io.pgtide.runner.sync.ProductionGuard;
import io.pgtide.runner.sync.RateLimitOptions;
import io.pgtide.runner.sync.SyncMode;
import io.pgtide.runner.sync.SyncOptions;
import io.pgtide.runner.sync.TableSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SyncJobSpec and connection fields to the engine's options, field by field. */
class SyncJobMappingTest {
    private static final String SPEC = """
            {
              "sourceRef": {"name": "staging"},
              "targetRef": {"name": "dev"},
              "tables": [
                {"name": "sales.orders", "where": "created_at > now() - interval '30 days'",
                 "key": ["order_no"], "columns": ["order_no", "total"], "mode": "Truncate"},
                {"name": "\\"Sales\\".\\"Order Items\\"", "excludeColumns": ["secret_note"], "conflict": "TargetWins"},
                {"name": "customers", "mode": "Append", "conflict": "Fail"}
              ],
              "mode": "Merge",
              "conflict": "Fail",
              "deleteMissing": true,
              "checkpointEveryRows": 20000,
              "parallelism": 4,
              "onTableError": "Continue",
              "timeout": "1h30m",
              "backup": {"policy": "Disabled"},
              "productionConfirmation": "dev",
              "rateLimit": {"maxRowsPerSecond": 5000, "adaptive": true},
              "notifications": {"email": ["ops@example.com"]},
              "suspend": false,
              "rerunNonce": "7"
            }
            """;

    private static SyncJobSpec spec() {
        return SyncJobManifest.spec(SPEC, "test");
    }

    @Test
    void everySupportedFieldReachesTheEngine() {
        SyncJobMapping.Mapped mapped = SyncJobMapping.toSyncOptions(spec(), "syncjob/shop/copy/run-1", false);
        SyncOptions o = mapped.options();

        assertThat(o.mode()).isEqualTo(SyncMode.MERGE);
        assertThat(o.conflict()).isEqualTo(ConflictStrategy.FAIL);
        assertThat(o.deleteMissing()).isTrue();
        assertThat(o.checkpointRows()).isEqualTo(20_000);
        assertThat(o.parallelism()).isEqualTo(4);
        assertThat(o.onTableError()).isEqualTo(OnTableError.CONTINUE);
        assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(o.jobId()).isEqualTo("syncjob/shop/copy/run-1");
        assertThat(o.restart()).isFalse();
        // In a pod the target is the DatabaseConnection "dev": its name is what confirms a production target.
        assertThat(o.production()).isEqualTo(ProductionGuard.syncJob("dev", "dev"));
        assertThat(o.production().confirmed()).isTrue();
        assertThat(o.backup()).isEqualTo(new BackupOptions(BackupOptions.Policy.DISABLED, BackupOptions.DEFAULT_RETAIN,
                "syncjob/shop/copy/run-1"));
        assertThat(o.rateLimit()).isEqualTo(new RateLimitOptions(5000L, true));
        // Disabled backup, productionConfirmation and notifications: nothing for the runner to say.
        assertThat(mapped.notices()).isEmpty();

        assertThat(o.tables()).containsExactly(
                new TableSpec(TableRef.parse("sales.orders"), "created_at > now() - interval '30 days'",
                        List.of("order_no"), List.of("order_no", "total"), List.of(), SyncMode.TRUNCATE, null),
                new TableSpec(TableRef.parse("\"Sales\".\"Order Items\""), null, List.of(), List.of(),
                        List.of("secret_note"), null, ConflictStrategy.TARGET_WINS),
                new TableSpec(TableRef.parse("public.customers"), null, List.of(), List.of(), List.of(),
                        SyncMode.APPEND, ConflictStrategy.FAIL));
    }

    @Test
    void omittedFieldsTakeTheCrdDefaults() {
        SyncJobSpec spec = SyncJobManifest.spec("""
                {"sourceRef": {"name": "a"}, "targetRef": {"name": "b"}, "tables": [{"name": "t"}]}""", "test");

        SyncJobMapping.Mapped mapped = SyncJobMapping.toSyncOptions(spec, "id", true);
        SyncOptions o = mapped.options();

        assertThat(o.mode()).isEqualTo(SyncMode.MERGE);
        assertThat(o.conflict()).isEqualTo(ConflictStrategy.SOURCE_WINS);
        assertThat(o.deleteMissing()).isFalse();
        assertThat(o.checkpointRows()).isEqualTo(SyncOptions.DEFAULT_CHECKPOINT_ROWS);
        assertThat(o.parallelism()).isEqualTo(2);
        assertThat(o.onTableError()).isEqualTo(OnTableError.ABORT);
        assertThat(o.timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(o.restart()).isTrue();
        assertThat(o.rateLimit()).isEqualTo(RateLimitOptions.NONE);
        assertThat(o.tables()).containsExactly(TableSpec.of(TableRef.parse("t")));
        assertThat(o.backup().policy()).isEqualTo(BackupOptions.Policy.BEST_EFFORT);
        assertThat(o.backup().retain()).isEqualTo(3);
        assertThat(mapped.notices()).isEmpty();
    }

    @Test
    void dryRunIsCarriedSoTheRunnerPreviewsInsteadOfSyncing() {
        SyncJobSpec spec = spec();
        spec.setDryRun(true);
        SyncJobMapping.Mapped dry = SyncJobMapping.toSyncOptions(spec, "id", false);
        assertThat(dry.dryRun()).isTrue();
        // Everything else maps as for a real run: the preview validates and compares with the same options.
        assertThat(dry.options()).isEqualTo(SyncJobMapping.toSyncOptions(spec(), "id", false).options());

        spec.setDryRun(false);
        assertThat(SyncJobMapping.toSyncOptions(spec, "id", false).dryRun()).isFalse();
        spec.setDryRun(null);
        assertThat(SyncJobMapping.toSyncOptions(spec, "id", false).dryRun()).isFalse();
    }

    @Test
    void aRateLimitBecomesTheRunsLimit() {
        SyncJobSpec spec = spec();
        RateLimit rate = new RateLimit();
        rate.setMaxRowsPerSecond(1000L);
        spec.setRateLimit(rate);
        assertThat(SyncJobMapping.toSyncOptions(spec, "id", false).options().rateLimit())
                .isEqualTo(new RateLimitOptions(1000L, false));

        RateLimit adaptive = new RateLimit();
        adaptive.setAdaptive(true);
        spec.setRateLimit(adaptive);
        assertThat(SyncJobMapping.toSyncOptions(spec, "id", false).options().rateLimit())
                .isEqualTo(new RateLimitOptions(null, true));

        // An empty rateLimit asks for nothing.
        spec.setRateLimit(new RateLimit());
        assertThat(SyncJobMapping.toSyncOptions(spec, "id", false).options().rateLimit()).isEqualTo(RateLimitOptions.NONE);

        // A manifest given to sync --spec never passed the CRD's minimum.
        RateLimit zero = new RateLimit();
        zero.setMaxRowsPerSecond(0L);
        spec.setRateLimit(zero);
        assertThatThrownBy(() -> SyncJobMapping.toSyncOptions(spec, "id", false))
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageContaining("rateLimit.maxRowsPerSecond must be at least 1");
    }

    @Test
    void backupPolicyAndRetentionReachTheEngineGroupedBySyncJobNotByRun() {
        SyncJobSpec spec = spec();
        BackupSpec backup = new BackupSpec();
        backup.setPolicy(BackupPolicy.Required);
        backup.setRetain(5);
        spec.setBackup(backup);

        SyncOptions o = SyncJobMapping.toSyncOptions(spec, SyncJobMapping.jobId("shop", "copy", "run-7"), false,
                SyncJobMapping.backupGroup("shop", "copy")).options();

        assertThat(o.backup()).isEqualTo(new BackupOptions(BackupOptions.Policy.REQUIRED, 5, "syncjob/shop/copy"));
        assertThat(o.jobId()).isEqualTo("syncjob/shop/copy/run-7");
    }

    @Test
    void operatorConcernsDoNotChangeTheRun() {
        SyncJobSpec plain = spec();
        SyncJobSpec decorated = spec();
        decorated.setNotifications(new Notifications());
        decorated.setSuspend(true);
        decorated.setSchedule("0 3 * * *");

        assertThat(SyncJobMapping.toSyncOptions(decorated, "id", false))
                .isEqualTo(SyncJobMapping.toSyncOptions(plain, "id", false));
    }

    @Test
    void specErrorsTheApiServerWouldCatchAreCaughtForManifestsToo() {
        SyncJobSpec duplicate = SyncJobManifest.spec("""
                {"tables": [{"name": "orders"}, {"name": "public.orders"}]}""", "test");
        assertThatThrownBy(() -> SyncJobMapping.toSyncOptions(duplicate, "id", false))
                .hasMessageContaining("public.orders is listed twice");

        SyncJobSpec deleteInAppend = SyncJobManifest.spec("""
                {"tables": [{"name": "t"}], "mode": "Append", "deleteMissing": true}""", "test");
        assertThatThrownBy(() -> SyncJobMapping.toSyncOptions(deleteInAppend, "id", false))
                .hasMessageContaining("deleteMissing needs mode Merge");

        SyncJobSpec badTimeout = SyncJobManifest.spec("""
                {"tables": [{"name": "t"}], "timeout": "two hours"}""", "test");
        assertThatThrownBy(() -> SyncJobMapping.toSyncOptions(badTimeout, "id", false))
                .hasMessageContaining("timeout 'two hours' is not a duration");

        SyncJobSpec noTables = SyncJobManifest.spec("{\"tables\": []}", "test");
        assertThatThrownBy(() -> SyncJobMapping.toSyncOptions(noTables, "id", false))
                .isInstanceOf(UserError.class).hasMessageContaining("spec.tables is empty");
    }

    @Test
    void theJobIdIsTheSyncJobAndItsRun() {
        assertThat(SyncJobMapping.jobId("shop", "copy", "20250101-1")).isEqualTo("syncjob/shop/copy/20250101-1");
        assertThat(SyncJobMapping.jobId("shop", "copy", null)).isEqualTo("syncjob/shop/copy");
        assertThat(SyncJobMapping.jobId(null, "copy", "")).isEqualTo("syncjob/default/copy");
    }

    @Test
    void connectionFieldsAndCredentialsBecomeAUrl() {
        DatabaseConnectionSpec c = new DatabaseConnectionSpec();
        c.setHost("db.example.com");
        c.setPort(6543);
        c.setDatabase("shop");
        c.setSslMode(SslMode.VERIFY_FULL);

        PgUrl url = SyncJobMapping.toPgUrl("target", c, "sync", "s3cret");

        assertThat(url).isEqualTo(new PgUrl("db.example.com", 6543, "shop", "sync", "s3cret",
                Map.of("sslmode", "verify-full")));
        assertThat(url.toString()).doesNotContain("s3cret");

        c.setSslMode(null);
        c.setPort(null);
        assertThat(SyncJobMapping.toPgUrl("target", c, "sync", "")).isEqualTo(
                new PgUrl("db.example.com", 5432, "shop", "sync", null, Map.of()));

        c.setHost(null);
        assertThatThrownBy(() -> SyncJobMapping.toPgUrl("source", c, "sync", null))
                .hasMessageContaining("the source connection has no host");
    }
}
