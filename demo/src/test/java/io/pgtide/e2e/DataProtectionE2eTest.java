package io.pgtide.e2e;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pgtide.api.BackupStatus;
import io.pgtide.api.RestorePhase;
import io.pgtide.api.RestoreStatus;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.TablePhase;
import io.pgtide.api.TablePreview;
import io.pgtide.api.TableStatus;
import io.pgtide.runner.db.Sql;
import io.pgtide.runner.testing.ScratchDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Data protection through the operator with the real runner: an aborted run is rolled back to the
 * target's exact earlier contents, the pgtide.io/restore annotation restores the backup of a finished
 * run, and a dry run writes nothing, needs no production confirmation, and predicts the real run.
 */
class DataProtectionE2eTest extends E2eTestBase {

    /** A target that already holds rows, some differing from the source, so a restore has real work. */
    private static ScratchDatabase populatedTarget() {
        ScratchDatabase target = cluster.emptyTarget();
        Shop.fill(target);
        target.execute("""
                UPDATE customers SET name = name || ' (before)' WHERE id <= 100;
                UPDATE products SET price = price + 1;
                DELETE FROM order_items WHERE id > 5000;
                INSERT INTO orders VALUES (900001, 1, 'target-only', NULL);
                """);
        return target;
    }

    private static Map<String, String> checksums(ScratchDatabase db) {
        Map<String, String> sums = new LinkedHashMap<>();
        Shop.TABLES.forEach(t -> sums.put(t, db.checksum(t, "id")));
        return sums;
    }

    @Test
    void anAbortedRunIsRolledBackToTheTargetsExactEarlierContents() {
        String ns = cluster.namespace("rollback");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = populatedTarget();
        // Items after 5,500 cannot be written: the run fails in order_items after other tables and
        // earlier chunks of order_items were committed.
        target.execute("""
                CREATE FUNCTION refuse_late_items() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.id > 5500 THEN RAISE EXCEPTION 'item % refused by the target', NEW.id; END IF; RETURN NEW; END $$;
                CREATE TRIGGER refuse_late_items BEFORE INSERT ON order_items FOR EACH ROW EXECUTE FUNCTION refuse_late_items();
                """);
        Map<String, String> before = checksums(target);
        long rowsBefore = Shop.TABLES.stream().mapToLong(t -> Shop.rows(target, t)).sum();
        cluster.readyPair(ns, source, target);

        cluster.syncJob(ns, "shop", "src", "tgt", spec -> {
            spec.setOnTableError(io.pgtide.api.OnTableError.Abort);
            spec.setDeleteMissing(true);
            return spec;
        });
        SyncJob rolledBack = cluster.awaitPhase(ns, "shop", SyncJobPhase.RolledBack);

        assertThat(checksums(target)).isEqualTo(before);
        assertThat(rolledBack.getStatus().getReason()).isEqualTo("RolledBack");
        BackupStatus backup = rolledBack.getStatus().getBackup();
        assertThat(backup.getId()).isNotBlank();
        assertThat(backup.getTables()).isEqualTo(4);
        assertThat(backup.getRows()).isEqualTo(rowsBefore);
        TableStatus items = rolledBack.getStatus().getTables().stream()
                .filter(t -> t.getName().equals("public.order_items")).findFirst().orElseThrow();
        assertThat(items.getPhase()).isEqualTo(TablePhase.RolledBack);
        assertThat(items.getError()).contains("item 5501 refused by the target").contains(backup.getId());
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isZero();
    }

    @Test
    void theRestoreAnnotationPutsBackTheContentsFromBeforeASuccessfulRun() {
        String ns = cluster.namespace("restore");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = populatedTarget();
        Map<String, String> before = checksums(target);
        cluster.readyPair(ns, source, target);
        cluster.syncJob(ns, "shop", "src", "tgt", spec -> {
            spec.setDeleteMissing(true);
            return spec;
        });
        SyncJob synced = cluster.awaitPhase(ns, "shop", SyncJobPhase.Succeeded);
        Shop.assertSameContents(source, target);
        String backupId = synced.getStatus().getBackup().getId();
        assertThat(backupId).isNotBlank();

        cluster.client().resources(SyncJob.class).inNamespace(ns).withName("shop").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + RestoreStatus.ANNOTATION + "\":\"" + backupId + "\"}}}");

        SyncJob restored = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.get(ns, "shop"), j -> j.getStatus().getRestore() != null
                        && j.getStatus().getRestore().getPhase() == RestorePhase.Succeeded);
        assertThat(checksums(target)).isEqualTo(before);
        assertThat(restored.getStatus().getRestore().getResult()).contains("Restored 4 table(s) from backup " + backupId);
        assertThat(restored.getStatus().getRestore().getMessage()).contains(backupId);
        assertThat(restored.getStatus().getPhase()).isEqualTo(SyncJobPhase.Succeeded);
        assertThat(cluster.runnerJobsOf(ns, "shop")).hasSize(2);
    }

    @Test
    void aDryRunOfAProductionTargetNeedsNoConfirmationWritesNothingAndPredictsTheRun() {
        String ns = cluster.namespace("dryrun");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = populatedTarget();
        // The database itself says it is production; its DatabaseConnection says Development.
        target.execute("ALTER DATABASE " + Sql.ident(target.name()) + " SET pgtide.environment = 'production'");
        Map<String, String> before = checksums(target);
        cluster.readyPair(ns, source, target);

        cluster.syncJob(ns, "shop", "src", "tgt", spec -> {
            spec.setDryRun(true);
            spec.setDeleteMissing(true);
            return spec;
        });
        SyncJob previewed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.get(ns, "shop"), j -> j.getStatus() != null
                        && j.getStatus().getPhase() == SyncJobPhase.Succeeded);

        assertThat(checksums(target)).isEqualTo(before);
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();
        assertThat(previewed.getStatus().getReason()).isEqualTo("PreviewReady");
        assertThat(previewed.getStatus().getMessage())
                .contains("would insert 1,000, update 300 and delete 1 rows in 4 table(s) (8,900 unchanged)");
        assertThat(previewed.getStatus().getLastSuccessfulRunTime()).isNull();
        Map<String, TablePreview> preview = previewed.getStatus().getPreview().getTables().stream()
                .collect(Collectors.toMap(TablePreview::getName, Function.identity()));
        assertThat(preview.get("public.customers").getToUpdate()).isEqualTo(100);
        assertThat(preview.get("public.products").getToUpdate()).isEqualTo(200);
        assertThat(preview.get("public.orders").getToDelete()).isEqualTo(1);
        assertThat(preview.get("public.order_items").getToInsert()).isEqualTo(1000);
        assertThat(previewed.getStatus().getPreview().getSummary()).isNotBlank();

        // The real run needs the confirmation, and then does what the preview said.
        cluster.patchSpec(ns, "shop", Map.of("dryRun", false, "rerunNonce", "for-real"));
        SyncJob blocked = cluster.awaitPhase(ns, "shop", SyncJobPhase.Blocked);
        assertThat(blocked.getStatus().getReason()).isEqualTo("ConfirmationRequired");
        assertThat(checksums(target)).isEqualTo(before);

        cluster.patchSpec(ns, "shop", Map.of("productionConfirmation", "tgt"));
        SyncJob synced = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.get(ns, "shop"), j -> j.getStatus().getPhase() == SyncJobPhase.Succeeded
                        && "RunSucceeded".equals(j.getStatus().getReason()));
        Shop.assertSameContents(source, target);
        for (TableStatus t : synced.getStatus().getTables()) {
            TablePreview p = preview.get(t.getName());
            assertThat(t.getInserted()).as(t.getName()).isEqualTo(p.getToInsert());
            assertThat(t.getUpdated()).as(t.getName()).isEqualTo(p.getToUpdate());
            assertThat(t.getDeleted()).as(t.getName()).isEqualTo(p.getToDelete());
            assertThat(t.getUnchanged()).as(t.getName()).isEqualTo(p.getUnchanged());
        }
    }
}
