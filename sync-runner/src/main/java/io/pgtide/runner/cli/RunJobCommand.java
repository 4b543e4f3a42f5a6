package io.pgtide.runner.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pgtide.api.TableSpec;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.backup.BackupRestore;
import io.pgtide.runner.backup.RestoreRun;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.job.RunnerEnvironment;
import io.pgtide.runner.job.StatusPatcher;
import io.pgtide.runner.job.SyncJobMapping;
import io.pgtide.runner.preview.PreviewEngine;
import io.pgtide.runner.preview.PreviewResult;
import io.pgtide.runner.preview.PreviewStatus;
import io.pgtide.runner.preview.PreviewText;
import io.pgtide.runner.progress.ProgressListener;
import io.pgtide.runner.progress.StatusProgress;
import io.pgtide.runner.progress.TextProgress;
import io.pgtide.runner.sync.CancelToken;
import io.pgtide.runner.sync.ProductionGuard;
import io.pgtide.runner.sync.RunResult;
import io.pgtide.runner.sync.SyncEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The runner pod's entry point: the run comes from the environment ({@link RunnerEnvironment}),
 * progress goes to the log as plain lines and into the SyncJob's runner-owned status fields, and
 * the exit code is the sync command's, so the operator reads the outcome from the Job as well.
 */
@Command(name = "run-job", mixinStandardHelpOptions = true,
        description = "Pod mode: run the SyncJob described by the PGTIDE_* environment variables (set by the"
                + " operator) and write its progress into the SyncJob's status; with PGTIDE_RESTORE_BACKUP_ID, restore"
                + " that backup instead.")
final class RunJobCommand implements Callable<Integer> {
    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Timeout of each connection attempt (default ${DEFAULT-VALUE}); 3 attempts with backoff.")
    Duration connectTimeout;

    private final PrintStream out;
    private final PrintStream err;
    private final CancelToken cancel;
    private final Map<String, String> env;
    private final Supplier<KubernetesClient> kubernetes;

    RunJobCommand(PrintStream out, PrintStream err, CancelToken cancel, Map<String, String> env,
                  Supplier<KubernetesClient> kubernetes) {
        this.out = out;
        this.err = err;
        this.cancel = cancel;
        this.env = env;
        this.kubernetes = kubernetes;
    }

    @Override
    public Integer call() throws Exception {
        RunnerEnvironment run = RunnerEnvironment.from(env);
        out.println("Running SyncJob " + run.namespace() + "/" + run.name() + (run.runId() == null ? "" : " run " + run.runId())
                + ": " + run.source() + " -> " + run.target());
        List<String> tables = run.spec().getTables() == null ? List.of()
                : run.spec().getTables().stream().map(TableSpec::getName).toList();
        try (KubernetesClient client = kubernetes.get()) {
            if (run.restoreBackupId() != null) {
                return restore(run, new StatusPatcher(client, run.namespace(), run.name()));
            }
            // Created before the spec is checked, so that a spec this runner cannot run (and every
            // later failure) also shows in the SyncJob's status, not only in the pod's log.
            StatusPatcher patcher = new StatusPatcher(client, run.namespace(), run.name());
            StatusProgress status = new StatusProgress(patcher, tables,
                    run.statusInterval(), message -> err.println("Warning: " + message));
            try {
                // A retried pod of the same run resumes from its checkpoints; the operator starts a
                // new run (new run id) when it wants a fresh start, so never restart here.
                SyncJobMapping.Mapped mapped = SyncJobMapping.toSyncOptions(run.spec(), run.jobId(), false,
                        SyncJobMapping.backupGroup(run.namespace(), run.name()));
                mapped.notices().forEach(n -> out.println("Note: " + n));
                ProgressListener listener = ProgressListener.all(new TextProgress(out, false), status);
                if (mapped.dryRun()) {
                    return preview(run, mapped, listener, patcher);
                }
                RunResult result = new SyncEngine(run.source(), run.target(), mapped.options(), listener, cancel,
                        connectTimeout).run();
                return result.exitCode();
            } catch (Exception e) {
                // The same message the command line prints (SyncRunnerMain reports it after this
                // method), written into the status before the final patch below.
                status.runFailed(SyncRunnerMain.Failure.of(e).message());
                throw e;
            } finally {
                status.close();
            }
        }
    }

    /**
     * {@code dryRun: true}: compute what the sync would do, print it, and put it into
     * {@code status.preview}; nothing is written to the target.
     */
    private int preview(RunnerEnvironment run, SyncJobMapping.Mapped mapped, ProgressListener listener,
                        StatusPatcher patcher) throws Exception {
        out.println("dryRun: true: computing a preview; nothing is written to the target.");
        PreviewResult result = new PreviewEngine(run.source(), run.target(), mapped.options(), listener, connectTimeout,
                PreviewEngine.DEFAULT_SAMPLES).run(t -> out.println(t.table() + ": previewed"));
        PreviewText.print(result, out);
        try {
            patcher.writePreview(PreviewStatus.toApi(result, PreviewEngine.DEFAULT_SAMPLES));
        } catch (KubernetesClientException e) {
            throw new UserError(ExitCode.FAILED, "The preview was computed (" + result.summary() + ") but could not be written"
                    + " to the SyncJob's status.preview: " + e.getMessage());
        }
        return ExitCode.OK;
    }

    /**
     * A restore Job: the backup named by PGTIDE_RESTORE_BACKUP_ID instead of a sync. Its outcome goes
     * to {@code status.restore.result} (the operator writes the rest of status.restore) and the exit
     * code: 0 restored, 1 failed, 2 unknown backup.
     */
    private int restore(RunnerEnvironment run, StatusPatcher status) {
        String result;
        int code;
        try {
            RestoreRun.Result restored = RestoreRun.restore(run.target(), connectTimeout, run.restoreBackupId(), List.of(),
                    ProductionGuard.syncJob(run.spec().getTargetRef() == null ? null : run.spec().getTargetRef().getName(),
                            run.spec().getProductionConfirmation()));
            for (BackupRestore.TableOutcome t : restored.tables()) {
                out.println(t.table().display() + ": " + t.deleted() + " deleted, " + t.updated() + " updated, " + t.inserted()
                        + " inserted");
            }
            result = "Restored " + restored.tables().size() + " table(s) from backup " + run.restoreBackupId() + ": "
                    + restored.tables().stream().mapToLong(BackupRestore.TableOutcome::deleted).sum() + " rows deleted, "
                    + restored.tables().stream().mapToLong(BackupRestore.TableOutcome::updated).sum() + " updated, "
                    + restored.tables().stream().mapToLong(BackupRestore.TableOutcome::inserted).sum() + " inserted.";
            out.println(result);
            code = ExitCode.OK;
        } catch (UserError e) {
            result = e.getMessage();
            err.println("Error: " + result);
            code = e.exitCode();
        } catch (RuntimeException e) {
            // Whatever went wrong, the SyncJob's status must say that the restore failed.
            result = "Restoring backup " + run.restoreBackupId() + " failed: " + Database.safeMessage(e);
            err.println("Error: " + result);
            code = ExitCode.FAILED;
        }
        try {
            status.writeRestoreResult(result);
        } catch (RuntimeException e) {
            err.println("Warning: could not write status.restore.result: " + e.getMessage());
        }
        return code;
    }
}
