package io.pgtide.runner.sync;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.backup.Backup;
import io.pgtide.runner.backup.BackupRestore;
import io.pgtide.runner.backup.RunBackup;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.db.TransientErrors;
import io.pgtide.runner.progress.ProgressListener;
import io.pgtide.runner.schema.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a sync: connect, plan and validate (errors stop it before any write), lock the target
 * tables, back them up, then copy the tables in foreign-key order (independent ones in parallel) from one source
 * snapshot, delete rows missing from the source children-first, and report. A run aborted by a
 * failing table restores the tables from the backup.
 */
public final class SyncEngine {
    private static final int TABLE_ATTEMPTS = 3;

    private final PgUrl sourceUrl;
    private final PgUrl targetUrl;
    private final SyncOptions options;
    private final ProgressListener listener;
    private final CancelToken cancel;
    private final Duration connectTimeout;
    private volatile String abortedBy;

    public SyncEngine(PgUrl sourceUrl, PgUrl targetUrl, SyncOptions options, ProgressListener listener,
                      CancelToken cancel, Duration connectTimeout) {
        this.sourceUrl = sourceUrl;
        this.targetUrl = targetUrl;
        this.options = options;
        this.listener = listener;
        this.cancel = cancel;
        this.connectTimeout = connectTimeout;
    }

    /** The default checkpoint identity: the same source, target and tables resume each other. */
    public static String defaultJobId(PgUrl source, PgUrl target, List<TableSpec> tables) {
        String text = source.displayName() + "|" + target.displayName() + "|"
                + tables.stream().map(t -> t.ref().toString()).sorted().collect(Collectors.joining(","));
        return "cli-" + SyncPlanner.sha256(text).substring(0, 16);
    }

    /** Plans and validates without writing anything (the validate command). */
    public SyncPlanner.Plan validate() throws SQLException {
        try (Database source = Database.open("source", sourceUrl, connectTimeout, 1);
             Database target = Database.open("target", targetUrl, connectTimeout, 1);
             SourceSnapshot snapshot = SourceSnapshot.begin(source);
             Connection t = target.connection()) {
            SyncPlanner.Plan plan = new SyncPlanner(options, snapshot.connection(), t).plan();
            listener.findings(plan.findings());
            if (!options.production().confirmed() && ProductionGuard.isProduction(t)) {
                listener.message("A sync would be refused: " + options.production().refusal(targetUrl.displayName(), "sync into it"));
            }
            return plan;
        }
    }

    public RunResult run() throws SQLException {
        Instant start = Instant.now();
        int workers = Math.max(1, options.parallelism());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("pgtide-timeout"));
        if (options.timeout() != null) {
            timer.schedule(() -> cancel.cancel("the timeout of " + format(options.timeout()) + " was reached"),
                    options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        try (Database source = Database.open("source", sourceUrl, connectTimeout, workers);
             Database target = Database.open("target", targetUrl, connectTimeout, workers);
             SourceSnapshot snapshot = SourceSnapshot.begin(source);
             Connection lockConnection = target.connectDirectly()) {
            SyncPlanner.Plan plan;
            try (Connection t = target.connection()) {
                options.production().check(t, targetUrl.displayName(), "sync into it");
                plan = new SyncPlanner(options, snapshot.connection(), t).plan();
            }
            listener.findings(plan.findings());
            if (plan.hasErrors()) {
                throw new UserError(ExitCode.VALIDATION_FAILED, "Validation found " + plan.errors().size()
                        + " error(s); nothing was written:\n" + plan.errors().stream().map(f -> "  - " + f)
                        .collect(Collectors.joining("\n")));
            }
            try (TargetLock ignored = lock(lockConnection, plan)) {
                CheckpointStore checkpoints;
                boolean resumed;
                try (Connection t = target.connection()) {
                    checkpoints = CheckpointStore.open(t, options.jobId(), listener::message);
                    if (options.restart()) {
                        checkpoints.clear(t);
                        RunBackup.abandonOpen(t, options.jobId());
                    }
                    resumed = !options.restart() && checkpoints.hasAny(t);
                }
                Backup backup = RunBackup.prepare(target, plan, options, resumed, listener);
                Map<TableName, TableSync> syncs = new LinkedHashMap<>();
                WriteThrottle throttle = WriteThrottle.start(options.rateLimit(), listener);
                int n = 0;
                for (TablePlan p : plan.tables()) {
                    syncs.put(p.table(), new TableSync(p, source, snapshot, checkpoints, options.checkpointRows(),
                            listener, cancel, throttle, n++));
                }
                Execution execution = new Execution(plan, syncs, target, checkpoints);
                execution.copyAll(workers);
                execution.deleteMissingChildrenFirst();
                boolean interrupted = cancel.isCancelled() && abortedBy == null;
                // Only a run that synced every table is finished with its checkpoints. After a failure
                // (aborted or not) the committed chunks stay on the target, and the rerun or the Job's
                // retry must resume after them, not copy the tables again.
                boolean anyFailed = execution.results.values().stream().anyMatch(r -> r.status() == TableResult.Status.FAILED);
                if (!interrupted && abortedBy == null && !anyFailed) {
                    try (Connection t = target.connection()) {
                        checkpoints.clear(t);
                    }
                    RunBackup.finish(target, backup, listener);
                }
                RunBackup.Rollback rollback = abortedBy == null ? null : execution.rollBack(backup);
                List<TableResult> results = plan.order().flatOrder().stream().map(execution.results::get).toList();
                RunResult result = new RunResult(options.jobId(), results, plan.warnings(),
                        Duration.between(start, Instant.now()), interrupted, abortedBy != null,
                        interrupted ? cancel.reason() : abortedBy, rollback);
                listener.runFinished(result);
                return result;
            }
        } finally {
            timer.shutdownNow();
        }
    }

    private static TargetLock lock(Connection connection, SyncPlanner.Plan plan) throws SQLException {
        try {
            return TargetLock.acquire(connection, plan.tables().stream().map(TablePlan::table).toList());
        } catch (TargetLock.TableLockedException e) {
            throw new UserError(ExitCode.FAILED, "Cannot start: " + e.getMessage() + ". Nothing was written.");
        }
    }

    /** The state of one run's table work: which units are done, and each table's result. */
    private final class Execution {
        private final SyncPlanner.Plan plan;
        private final Map<TableName, TableSync> syncs;
        private final Database target;
        private final CheckpointStore checkpoints;
        private final Map<TableName, TableResult> results = new ConcurrentHashMap<>();
        private final Map<TableName, Instant> started = new ConcurrentHashMap<>();
        private final Set<TableName> awaitingDelete = ConcurrentHashMap.newKeySet();
        private final Retry retry = Retry.of("pgtide-table", RetryConfig.custom()
                .maxAttempts(TABLE_ATTEMPTS)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0))
                // A run asked to stop does not start another attempt: its connections may be going
                // away on purpose (SIGTERM, a suspended pod), and the checkpoint is what resumes it.
                .retryOnException(e -> !cancel.isCancelled() && TransientErrors.isTransient(e))
                .build());

        Execution(SyncPlanner.Plan plan, Map<TableName, TableSync> syncs, Database target, CheckpointStore checkpoints) {
            this.plan = plan;
            this.syncs = syncs;
            this.target = target;
            this.checkpoints = checkpoints;
        }

        /** Runs units as their parents finish, on up to {@code workers} threads. */
        void copyAll(int workers) {
            List<ForeignKeyOrder.Unit> units = plan.order().units();
            ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("pgtide-worker"));
            CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
            Set<Integer> submitted = new HashSet<>();
            Set<Integer> finished = new HashSet<>();
            int running = 0;
            try {
                while (finished.size() < units.size()) {
                    for (int i = 0; i < units.size(); i++) {
                        if (submitted.contains(i) || !finished.containsAll(units.get(i).dependsOn())) {
                            continue;
                        }
                        ForeignKeyOrder.Unit unit = units.get(i);
                        String blocker = blocker(unit);
                        submitted.add(i);
                        if (blocker != null) {
                            unit.tables().forEach(t -> finish(TableResult.skipped(t.display(), blocker)));
                            finished.add(i);
                            continue;
                        }
                        int index = i;
                        done.submit(() -> {
                            runUnit(unit);
                            return index;
                        });
                        running++;
                    }
                    if (finished.size() == units.size()) {
                        break;
                    }
                    if (running == 0) {
                        throw new IllegalStateException("no runnable unit: foreign key order is inconsistent");
                    }
                    finished.add(done.take().get());
                    running--;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel("interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException("a table worker failed unexpectedly", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        /** Why a unit must not start: the run stopped, or a parent table did not sync. */
        private String blocker(ForeignKeyOrder.Unit unit) {
            if (abortedBy != null) {
                return "not started: " + abortedBy;
            }
            if (cancel.isCancelled()) {
                return "not started: " + cancel.reason();
            }
            for (TableName t : unit.tables()) {
                for (var fk : plan.targetSchemas().get(t).foreignKeys()) {
                    TableResult parent = results.get(fk.to());
                    if (!unit.tables().contains(fk.to()) && parent != null && parent.status() != TableResult.Status.SYNCED) {
                        return "not started: its parent table " + fk.to().display() + " did not sync";
                    }
                }
            }
            return null;
        }

        private void runUnit(ForeignKeyOrder.Unit unit) {
            List<TableSync> members = unit.tables().stream().map(syncs::get).toList();
            members.forEach(s -> started.put(s.plan().table(), Instant.now()));
            try {
                Retry.decorateCheckedRunnable(retry, () -> {
                    if (members.size() == 1 && !members.get(0).plan().wholeTable()) {
                        copyChunked(members.get(0));
                    } else {
                        copyInOneTransaction(members);
                    }
                }).run();
            } catch (TableSync.StoppedException e) {
                members.forEach(s -> finish(s, TableResult.Status.INTERRUPTED, e.getMessage()));
            } catch (Throwable e) {
                failed(members, e);
            }
        }

        private void copyChunked(TableSync sync) throws SQLException {
            try (Connection t = target.connection()) {
                Optional<CheckpointStore.Checkpoint> cp = usableCheckpoint(t, sync);
                if (cp.isPresent() && cp.get().phase() == CheckpointStore.Phase.DONE) {
                    finish(sync, TableResult.Status.SYNCED, null);
                    return;
                }
                listener.tableStarted(sync.displayName(), sync.plan().estimatedRows(), sync.counts.read);
                boolean complete = cp.isPresent() && cp.get().phase() == CheckpointStore.Phase.COPIED
                        || sync.copyChunks(t, cp.map(CheckpointStore.Checkpoint::lastKey).orElse(null));
                if (!complete) {
                    finish(sync, TableResult.Status.INTERRUPTED, "stopped at a checkpoint (" + cancel.reason() + "); rerun to resume");
                    return;
                }
                t.setAutoCommit(false);
                sync.advanceSequences(t);
                if (sync.plan().deleteMissing()) {
                    checkpoints.save(t, sync.checkpointName(), sync.plan().fingerprint(), null, CheckpointStore.Phase.COPIED, sync.counts);
                    t.commit();
                    awaitingDelete.add(sync.plan().table());
                    listener.message(sync.displayName() + ": " + String.format(java.util.Locale.ROOT, "%,d", sync.counts.read)
                            + " rows copied; rows missing from the source"
                            + " are deleted once the tables that reference it are done");
                    return;
                }
                checkpoints.save(t, sync.checkpointName(), sync.plan().fingerprint(), null, CheckpointStore.Phase.DONE, sync.counts);
                t.commit();
                finish(sync, TableResult.Status.SYNCED, null);
            }
        }

        /** Whole tables (and FK cycles) in one target transaction: all of it lands, or none. */
        private void copyInOneTransaction(List<TableSync> members) throws SQLException {
            try (Connection t = target.connection()) {
                List<TableSync> todo = new ArrayList<>();
                for (TableSync s : members) {
                    Optional<CheckpointStore.Checkpoint> cp = usableCheckpoint(t, s);
                    if (cp.isPresent() && cp.get().phase() == CheckpointStore.Phase.DONE) {
                        finish(s, TableResult.Status.SYNCED, null);
                    } else {
                        s.counts.read = s.counts.inserted = s.counts.updated = s.counts.deleted = s.counts.unchanged = s.counts.skipped = 0;
                        todo.add(s);
                    }
                }
                if (todo.isEmpty()) {
                    return;
                }
                // Rows that other tables of the job still reference on the target may only be deleted
                // once those tables are synced: that happens in the delete phase, children first.
                boolean deferDeletes = referencedFromOutside(members);
                List<TableSync> deferred = new ArrayList<>();
                t.setAutoCommit(false);
                try {
                    try (Statement st = t.createStatement()) {
                        st.execute("SET CONSTRAINTS ALL DEFERRED");
                    }
                    for (TableSync s : todo) {
                        listener.message(s.displayName() + ": " + s.plan().wholeTableReason());
                        listener.tableStarted(s.displayName(), s.plan().estimatedRows(), 0);
                        s.copyWholeTable(t, !deferDeletes);
                        s.advanceSequences(t);
                        boolean later = deferDeletes && s.needsDelete();
                        if (later) {
                            deferred.add(s);
                        }
                        checkpoints.save(t, s.checkpointName(), s.plan().fingerprint(), null,
                                later ? CheckpointStore.Phase.COPIED : CheckpointStore.Phase.DONE, s.counts);
                    }
                    t.commit();
                } catch (SQLException | RuntimeException e) {
                    t.rollback();
                    throw e;
                }
                for (TableSync s : todo) {
                    if (deferred.contains(s)) {
                        awaitingDelete.add(s.plan().table());
                    } else {
                        finish(s, TableResult.Status.SYNCED, null);
                    }
                }
            }
        }

        /**
         * After an abort: every table of the run goes back to its contents in the backup. Tables the
         * run touched (or that the restore changed) become ROLLED_BACK, keeping the error that caused it.
         */
        RunBackup.Rollback rollBack(Backup backup) {
            RunBackup.Rollback rollback = RunBackup.rollBack(target, backup, options.backup(),
                    plan.tables().stream().map(TablePlan::table).toList());
            listener.message((rollback.restored() ? "" : "Warning: ") + abortedBy + "; " + rollback.message());
            if (!rollback.restored()) {
                return rollback;
            }
            for (BackupRestore.TableOutcome o : rollback.tables()) {
                TableResult r = results.get(o.table());
                if (r == null || r.status() == TableResult.Status.SKIPPED && o.changed() == 0) {
                    continue;
                }
                String restored = "restored from backup " + rollback.backupId() + " (" + o.deleted() + " deleted, "
                        + o.updated() + " updated, " + o.inserted() + " inserted)";
                finish(new TableResult(r.table(), TableResult.Status.ROLLED_BACK, r.rowsRead(), r.inserted(), r.updated(),
                        r.deleted(), r.unchanged(), r.skipped(), r.duration(),
                        r.error() == null ? restored : r.error() + "; " + restored), o.table());
            }
            return rollback;
        }

        /** A table of the job outside {@code unit} that references it and did not sync, or null. */
        private String failedChild(ForeignKeyOrder.Unit unit) {
            for (TablePlan p : plan.tables()) {
                if (unit.tables().contains(p.table())) {
                    continue;
                }
                TableResult child = results.get(p.table());
                boolean references = plan.targetSchemas().get(p.table()).foreignKeys().stream()
                        .anyMatch(fk -> unit.tables().contains(fk.to()));
                if (references && child != null && child.status() != TableResult.Status.SYNCED) {
                    return p.table().display();
                }
            }
            return null;
        }

        /** Whether a table of the job outside {@code members} has a foreign key to one of them. */
        private boolean referencedFromOutside(List<TableSync> members) {
            Set<TableName> unit = new HashSet<>();
            members.forEach(s -> unit.add(s.plan().table()));
            return plan.tables().stream().map(TablePlan::table).filter(n -> !unit.contains(n))
                    .flatMap(n -> plan.targetSchemas().get(n).foreignKeys().stream())
                    .anyMatch(fk -> unit.contains(fk.to()));
        }

        /** Deletes rows missing from the source, children before parents, so no FK blocks or cascades. */
        void deleteMissingChildrenFirst() {
            List<ForeignKeyOrder.Unit> units = new ArrayList<>(plan.order().units());
            java.util.Collections.reverse(units);
            for (ForeignKeyOrder.Unit unit : units) {
                List<TableName> waiting = new ArrayList<>(unit.tables());
                java.util.Collections.reverse(waiting);
                waiting.removeIf(n -> !awaitingDelete.contains(n));
                String blocker = failedChild(unit);
                if (blocker != null && !waiting.isEmpty()) {
                    waiting.forEach(n -> finish(syncs.get(n), TableResult.Status.FAILED, "rows copied, but rows missing from"
                            + " the source were not deleted because the child table " + blocker + " did not sync (deleting"
                            + " parents first could cascade to or be blocked by its rows); fix it and run again"));
                    continue;
                }
                if (waiting.size() > 1) {
                    deleteMissingTogether(waiting.stream().map(syncs::get).toList());
                } else if (waiting.size() == 1) {
                    deleteMissing(syncs.get(waiting.get(0)));
                }
            }
        }

        /** The tables of an FK cycle lose their rows in one transaction with deferred constraints. */
        private void deleteMissingTogether(List<TableSync> members) {
            if (cancel.isCancelled()) {
                members.forEach(this::deleteNotDone);
                return;
            }
            try {
                Retry.decorateCheckedRunnable(retry, () -> {
                    try (Connection t = target.connection()) {
                        t.setAutoCommit(false);
                        try {
                            try (Statement st = t.createStatement()) {
                                st.execute("SET CONSTRAINTS ALL DEFERRED");
                            }
                            for (TableSync s : members) {
                                s.deleteMissing(t);
                            }
                            if (cancel.isCancelled()) {
                                t.rollback();
                                return;
                            }
                            for (TableSync s : members) {
                                checkpoints.save(t, s.checkpointName(), s.plan().fingerprint(), null,
                                        CheckpointStore.Phase.DONE, s.counts);
                            }
                            t.commit();
                        } catch (SQLException | RuntimeException e) {
                            t.rollback();
                            throw e;
                        }
                    }
                }).run();
                if (cancel.isCancelled()) {
                    members.forEach(this::deleteNotDone);
                } else {
                    members.forEach(s -> finish(s, TableResult.Status.SYNCED, null));
                }
            } catch (Throwable e) {
                failed(members, e);
            }
        }

        /**
         * Records tables whose work threw. A run asked to stop (SIGTERM, the timeout, a pod being
         * killed) loses its connections on purpose, so a failure after the stop request is the stop,
         * not the table's fault: the table is interrupted and a rerun resumes it. Aborting there
         * would roll back work that the resume keeps. Any other failure fails the tables and, with
         * onTableError abort, aborts the run (which then rolls back from the backup).
         */
        private void failed(List<TableSync> members, Throwable e) {
            if (cancel.isCancelled() && abortedBy == null) {
                members.forEach(s -> finish(s, TableResult.Status.INTERRUPTED, "stopped (" + cancel.reason() + ") while "
                        + s.step + ": " + describe(e) + "; rerun to resume"));
                return;
            }
            members.forEach(s -> finish(s, TableResult.Status.FAILED, describe(e) + " (while " + s.step + ")"));
            if (options.onTableError() == OnTableError.ABORT && abortedBy == null) {
                abortedBy = "the run was aborted because " + members.get(0).displayName() + " failed";
                cancel.cancel(abortedBy);
            }
        }

        private void deleteNotDone(TableSync sync) {
            finish(sync, abortedBy != null ? TableResult.Status.FAILED : TableResult.Status.INTERRUPTED,
                    abortedBy != null ? abortedBy : "rows copied, deletion of rows missing from the source not done ("
                            + cancel.reason() + "); rerun to resume");
        }

        private void deleteMissing(TableSync sync) {
            if (cancel.isCancelled()) {
                deleteNotDone(sync);
                return;
            }
            try {
                Retry.decorateCheckedRunnable(retry, () -> {
                    try (Connection t = target.connection()) {
                        sync.deleteMissing(t);
                        if (cancel.isCancelled()) {
                            return;
                        }
                        t.setAutoCommit(false);
                        checkpoints.save(t, sync.checkpointName(), sync.plan().fingerprint(), null,
                                CheckpointStore.Phase.DONE, sync.counts);
                        t.commit();
                    }
                }).run();
                if (cancel.isCancelled()) {
                    finish(sync, TableResult.Status.INTERRUPTED, "deleting rows missing from the source was stopped ("
                            + cancel.reason() + "); rerun to resume");
                } else {
                    finish(sync, TableResult.Status.SYNCED, null);
                }
            } catch (Throwable e) {
                failed(List.of(sync), e);
            }
        }

        /** The table's checkpoint, when it belongs to the same plan; its counts are taken over. */
        private Optional<CheckpointStore.Checkpoint> usableCheckpoint(Connection t, TableSync sync) throws SQLException {
            Optional<CheckpointStore.Checkpoint> cp = checkpoints.load(t, sync.checkpointName());
            if (cp.isPresent() && !cp.get().fingerprint().equals(sync.plan().fingerprint())) {
                listener.message(sync.displayName() + ": the checkpoint of an earlier run was made with other options;"
                        + " starting this table over");
                cp = Optional.empty();
            }
            if (cp.isPresent()) {
                sync.restoreCounts(cp.get());
                if (cp.get().phase() != CheckpointStore.Phase.DONE) {
                    listener.message(sync.displayName() + ": resuming after " + cp.get().read() + " rows committed by an earlier run");
                }
            } else {
                sync.restoreCounts(new CheckpointStore.Checkpoint("", null, CheckpointStore.Phase.COPYING, 0, 0, 0, 0, 0, 0));
            }
            return cp;
        }

        private void finish(TableSync sync, TableResult.Status status, String error) {
            Instant begin = started.getOrDefault(sync.plan().table(), Instant.now());
            finish(sync.counts.toResult(sync.displayName(), status, Duration.between(begin, Instant.now()), error),
                    sync.plan().table());
        }

        private void finish(TableResult result) {
            TableName name = plan.order().flatOrder().stream().filter(t -> t.display().equals(result.table())).findFirst().orElseThrow();
            finish(result, name);
        }

        private void finish(TableResult result, TableName name) {
            results.put(name, result);
            listener.tableFinished(result);
        }
    }

    /** A one-paragraph description of a table failure: the database's message and SQLSTATE, no secrets. */
    static String describe(Throwable e) {
        if (e instanceof TableFailure) {
            return e.getMessage();
        }
        String state = TransientErrors.sqlState(e);
        String message = Database.safeMessage(e).replace("\n", " ").replaceAll("\\s+", " ");
        return message + (state == null ? "" : " [SQLSTATE " + state + "]");
    }

    private static String format(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
