package io.pgtide.runner.progress;

import io.pgtide.api.BackupStatus;
import io.pgtide.api.Progress;
import io.pgtide.api.TablePhase;
import io.pgtide.api.TableStatus;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.backup.Backup;
import io.pgtide.runner.backup.BackupCatalog;
import io.pgtide.runner.schema.TableName;
import io.pgtide.runner.schema.TableRef;
import io.pgtide.runner.sync.Finding;
import io.pgtide.runner.sync.RunResult;
import io.pgtide.runner.sync.TableResult;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Progress as a SyncJob's runner-owned status ({@code status.progress}, {@code status.tables} and
 * {@code status.backup}),
 * handed to a {@link Sink} at most once per interval and only when something changed, plus once
 * more at {@link #close()} with the final result. The engine's threads only update counters here;
 * the sink runs on a thread of its own, so a slow Kubernetes API never holds up a chunk.
 *
 * <p>Tables are listed under the names of {@code spec.tables}, in that order, from the start (all
 * Pending), so the status of a new run never shows the tables of the previous one.
 */
public final class StatusProgress implements ProgressListener, AutoCloseable {
    /** Where status snapshots go (in a pod: a merge patch of the SyncJob's status). */
    public interface Sink {
        void write(Progress progress, List<TableStatus> tables) throws Exception;

        /** With the run's backup once it is known ({@code backup} null until then). */
        default void write(Progress progress, List<TableStatus> tables, BackupStatus backup) throws Exception {
            write(progress, tables);
        }
    }

    private static final class TableState {
        final String name;
        TablePhase phase = TablePhase.Pending;
        long estimated = -1;
        long rowsDone;
        long rowsBeforeThisRun;
        TableResult result;
        String error;
        boolean skipped;

        TableState(String name) {
            this.name = name;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper COPIER = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Sink sink;
    private final Consumer<String> warn;
    private final Map<String, TableState> tables = new LinkedHashMap<>();
    private final Map<String, String> specNameByEngineName = new HashMap<>();
    private final Instant start = Instant.now();
    private final ScheduledExecutorService writer;
    private boolean dirty = true;
    private long rateLimit;
    private boolean finished;
    private boolean succeeded;
    private String lastWriteError;
    private BackupStatus backup;

    /**
     * @param specTables the table names as {@code spec.tables} gives them
     * @param warn       told (once per distinct message) when a write fails; the run goes on
     */
    public StatusProgress(Sink sink, List<String> specTables, Duration interval, Consumer<String> warn) {
        this.sink = sink;
        this.warn = warn;
        for (String name : specTables) {
            tables.put(name, new TableState(name));
            // The engine names tables as resolved in pg_catalog (public.orders for "orders" or "Orders");
            // every candidate of the spec's name points back to it.
            for (TableName candidate : TableRef.parse(name).candidates()) {
                specNameByEngineName.putIfAbsent(candidate.display(), name);
            }
        }
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pgtide-status");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(this::writeIfChanged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void findings(List<Finding> findings) {
        // Validation errors stop the run before any table starts: keep each with its table, so the
        // status says which table is wrong.
        for (Finding f : findings) {
            if (f.isError() && f.table() != null) {
                TableState t = table(f.table());
                t.error = t.error == null ? f.message() : t.error + "; " + f.message();
            }
        }
        dirty = true;
    }

    @Override
    public synchronized void backupTaken(Backup taken, boolean reused) {
        BackupStatus b = new BackupStatus();
        b.setId(taken.id());
        b.setSchema(BackupCatalog.SCHEMA);
        b.setCreatedAt(taken.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
        b.setTables(taken.tables().size());
        b.setRows(taken.rows());
        b.setBytes(taken.bytes());
        b.setDurationMillis(taken.duration().toMillis());
        b.setState(taken.state().name());
        if (reused) {
            b.setMessage("taken by an earlier attempt of this run, which this attempt resumes");
        }
        backup = b;
        dirty = true;
    }

    @Override
    public synchronized void backupMissing(String why) {
        backup = new BackupStatus();
        backup.setMessage(why);
        dirty = true;
    }

    @Override
    public synchronized void tableStarted(String table, long estimatedRows, long alreadyDone) {
        TableState t = table(table);
        t.phase = TablePhase.Running;
        t.estimated = estimatedRows;
        t.rowsDone = alreadyDone;
        t.rowsBeforeThisRun = alreadyDone;
        dirty = true;
    }

    @Override
    public synchronized void rowsCopied(String table, long rowsDone) {
        table(table).rowsDone = rowsDone;
        dirty = true;
    }

    @Override
    public synchronized void tableFinished(TableResult result) {
        TableState t = table(result.table());
        t.result = result;
        t.rowsDone = result.rowsRead();
        switch (result.status()) {
            case SYNCED -> t.phase = TablePhase.Succeeded;
            case FAILED -> {
                t.phase = TablePhase.Failed;
                t.error = result.error();
            }
            case SKIPPED -> {
                // Not started: whether that is a failure depends on why the run ended (runFinished).
                t.skipped = true;
                t.error = result.error();
            }
            // Stopped at a checkpoint (suspend, timeout): the next attempt continues it.
            case INTERRUPTED -> t.phase = TablePhase.Pending;
            case ROLLED_BACK -> {
                t.phase = TablePhase.RolledBack;
                t.error = result.error();
                t.skipped = false;
            }
        }
        dirty = true;
    }

    @Override
    public synchronized void rateLimitChanged(long rowsPerSecond, String why) {
        rateLimit = rowsPerSecond;
        dirty = true;
    }

    @Override
    public synchronized void runFinished(RunResult result) {
        for (TableState t : tables.values()) {
            if (t.skipped && result.interrupted()) {
                // Stopped before it started (suspend, timeout): the next attempt runs it.
                t.error = null;
            } else if (t.skipped) {
                // Left out because a parent failed or the run aborted: for the operator's final
                // phase, a table that did not succeed.
                t.phase = TablePhase.Failed;
            }
        }
        if (backup != null && backup.getId() != null) {
            // A new object: the sink may be serializing the previous one on its own thread.
            BackupStatus b = COPIER.convertValue(backup, BackupStatus.class);
            if (result.rolledBack()) {
                b.setState(Backup.State.RolledBack.name());
            } else if (result.exitCode() == ExitCode.OK) {
                b.setState(Backup.State.Finished.name());
            }
            backup = b;
        }
        finished = true;
        succeeded = result.exitCode() == ExitCode.OK;
        dirty = true;
    }

    /**
     * The run ended before or outside the table work (bad spec, unreachable database, validation
     * errors): every table that did not finish is Failed, with its own validation error if it has
     * one and {@code message} otherwise. {@code message} is one the CLI prints, so it holds no secret.
     */
    public synchronized void runFailed(String message) {
        for (TableState t : tables.values()) {
            if (t.result == null) {
                t.phase = TablePhase.Failed;
                if (t.error == null) {
                    t.error = message;
                }
            }
        }
        finished = true;
        dirty = true;
    }

    /**
     * Stops the periodic writes and writes the final state. Waits a little for a periodic write in
     * flight, not long: after SIGTERM all of this must fit into the pod's grace period.
     */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeIfChanged();
    }

    private void writeIfChanged() {
        Progress progress;
        List<TableStatus> snapshot;
        BackupStatus backupSnapshot;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
            progress = progress();
            snapshot = tables.values().stream().map(StatusProgress::status).toList();
            backupSnapshot = backup;
        }
        try {
            sink.write(progress, snapshot, backupSnapshot);
            lastWriteError = null;
        } catch (Exception e) {
            synchronized (this) {
                dirty = true;
            }
            // Status is for watching the run; the run itself goes on. Say so once, not every interval.
            String message = "could not update the SyncJob status: " + e.getMessage();
            if (!message.equals(lastWriteError)) {
                warn.accept(message);
                lastWriteError = message;
            }
        }
    }

    private TableState table(String engineName) {
        String name = specNameByEngineName.getOrDefault(engineName, engineName);
        return tables.computeIfAbsent(name, TableState::new);
    }

    private Progress progress() {
        long rowsDone = 0;
        long rowsEstimated = 0;
        long rowsThisRun = 0;
        int done = 0;
        for (TableState t : tables.values()) {
            rowsDone += t.rowsDone;
            rowsThisRun += t.rowsDone - t.rowsBeforeThisRun;
            // A finished table's row count is exact; an unstarted one's estimate is not known yet.
            rowsEstimated += t.result != null ? t.rowsDone : Math.max(t.estimated, t.rowsDone);
            if (t.phase == TablePhase.Succeeded || t.phase == TablePhase.Failed || t.phase == TablePhase.RolledBack) {
                done++;
            }
        }
        long elapsedMillis = Duration.between(start, Instant.now()).toMillis();
        double rate = Rates.rowsPerSecond(rowsThisRun, elapsedMillis);
        int percent;
        if (finished && succeeded) {
            percent = 100;
        } else if (rowsEstimated > 0) {
            // 100 only once the run has succeeded: estimates are approximate.
            percent = Math.min(99, Rates.percent(rowsDone, rowsEstimated));
        } else {
            percent = tables.isEmpty() ? 0 : done * 100 / tables.size();
        }
        long eta = finished ? (succeeded ? 0 : -1) : Rates.etaSeconds(rowsDone, rowsEstimated, rate);
        Progress p = new Progress();
        p.setTablesTotal(tables.size());
        p.setTablesDone(done);
        p.setRowsDone(rowsDone);
        p.setRowsEstimated(rowsEstimated);
        p.setPercent(percent);
        p.setRowsPerSecond(Math.round(rate));
        p.setEtaSeconds(eta < 0 ? null : eta);
        p.setRateLimitRowsPerSecond(rateLimit == 0 ? null : rateLimit);
        p.setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return p;
    }

    private static TableStatus status(TableState t) {
        TableStatus s = new TableStatus();
        s.setName(t.name);
        s.setPhase(t.phase);
        s.setRowsDone(t.rowsDone);
        if (t.estimated >= 0) {
            s.setRowsEstimated(t.estimated);
        }
        if (t.result != null) {
            s.setInserted(t.result.inserted());
            s.setUpdated(t.result.updated());
            s.setDeleted(t.result.deleted());
            s.setUnchanged(t.result.unchanged());
        }
        s.setError(t.error);
        return s;
    }
}
