package io.pgtide.runner.sync;

import io.pgtide.runner.db.Database;
import io.pgtide.runner.progress.ProgressListener;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Moves one table's rows: a COPY stream out of the source snapshot, cut into chunks in key order;
 * each chunk is written (straight into the table, or through a staging table and set-based
 * statements) and committed together with its checkpoint. Rows pass through as bytes: no Java
 * object per value, nothing held beyond one chunk's write buffer.
 */
final class TableSync {
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;
    private static final int PROGRESS_EVERY_ROWS = 8192;

    private final TablePlan plan;
    private final TableSql sql;
    private final Database source;
    private final SourceSnapshot snapshot;
    private final CheckpointStore checkpoints;
    private final int chunkRows;
    private final ProgressListener listener;
    private final CancelToken stop;
    private final WriteThrottle throttle;
    final RowCounts counts = new RowCounts();
    /** What the table is doing, for error messages: "writing the chunk after key (42)". */
    volatile String step = "starting";

    TableSync(TablePlan plan, Database source, SourceSnapshot snapshot, CheckpointStore checkpoints, int chunkRows,
              ProgressListener listener, CancelToken stop, WriteThrottle throttle, int stageNumber) {
        this.plan = plan;
        this.sql = new TableSql(plan, "pgtide_stage_" + stageNumber);
        this.source = source;
        this.snapshot = snapshot;
        this.checkpoints = checkpoints;
        this.chunkRows = chunkRows;
        this.listener = listener;
        this.stop = stop;
        this.throttle = throttle;
    }

    TablePlan plan() {
        return plan;
    }

    String checkpointName() {
        return plan.table().sql();
    }

    String displayName() {
        return plan.table().display();
    }

    void restoreCounts(CheckpointStore.Checkpoint cp) {
        counts.read = cp.read();
        counts.inserted = cp.inserted();
        counts.updated = cp.updated();
        counts.deleted = cp.deleted();
        counts.unchanged = cp.unchanged();
        counts.skipped = cp.skipped();
    }

    /**
     * Copies the rows after {@code lastKey} in checkpointed chunks. Returns true when the source
     * stream was read to its end, false when stopped early (a checkpoint was committed).
     */
    boolean copyChunks(Connection tgt, List<String> lastKey) throws SQLException {
        tgt.setAutoCommit(false);
        boolean direct = plan.directCopyPossible() && !queryBoolean(tgt, sql.targetHasRowsAfter(lastKey));
        tgt.commit();
        if (!direct) {
            createStage(tgt, plan.columnNames());
        }
        try (Connection src = source.connection()) {
            snapshot.join(src);
            CopyOut out = copyApi(src).copyOut(sql.copyOut(lastKey));
            boolean endOfStream = false;
            try {
                while (!endOfStream && !stop.isCancelled()) {
                    step = "writing the chunk " + (lastKey == null ? "at the start of the table" : "after key (" + String.join(", ", lastKey) + ")")
                            + (direct ? "" : " through the staging table");
                    long chunkStart = System.nanoTime();
                    CopyIn in = copyApi(tgt).copyIn(direct ? sql.copyIntoTable() : sql.copyIntoStage(plan.columnNames()));
                    Chunk chunk = pump(out, in, chunkRows, counts.read, throttle);
                    endOfStream = chunk.endOfStream;
                    if (chunk.rows == 0) {
                        tgt.rollback();
                        break;
                    }
                    long applyStart = System.nanoTime();
                    if (direct) {
                        counts.inserted += chunk.rows;
                    } else {
                        applyStaged(tgt, chunk.rows, false);
                    }
                    counts.read += chunk.rows;
                    lastKey = CopyText.fields(chunk.lastRow, plan.keyPositions());
                    checkpoints.save(tgt, checkpointName(), plan.fingerprint(), lastKey, CheckpointStore.Phase.COPYING, counts);
                    tgt.commit();
                    throttle.chunkWritten(displayName(), chunk.rows, chunk.targetNanos + System.nanoTime() - applyStart, chunkStart);
                    listener.rowsCopied(displayName(), counts.read);
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(tgt);
                throw e;
            } finally {
                if (out.isActive()) {
                    out.cancelCopy();
                }
                SourceSnapshot.leave(src);
            }
            return endOfStream;
        } finally {
            if (!direct) {
                dropStage(tgt);
            }
        }
    }

    /**
     * Writes the whole table in the caller's transaction on {@code tgt} (committed by the caller):
     * Truncate mode, tables without a key, self-references and FK cycles. With {@code deleteNow} false,
     * rows missing from the source are left for {@link #deleteMissing} (tables that other tables of the
     * job reference: their rows may only go after those tables were synced).
     */
    void copyWholeTable(Connection tgt, boolean deleteNow) throws SQLException {
        boolean replaceAll = plan.mode() == SyncMode.TRUNCATE && !plan.replaceByMerge()
                || plan.key().isEmpty() && plan.mode() != SyncMode.APPEND;
        boolean direct = plan.directCopyPossible() && (replaceAll || plan.key().isEmpty());
        step = "writing the whole table in one transaction";
        if (replaceAll) {
            counts.deleted += emptyTable(tgt);
        }
        if (!direct) {
            createStageInTransaction(tgt, plan.columnNames());
        }
        try (Connection src = source.connection()) {
            snapshot.join(src);
            CopyOut out = copyApi(src).copyOut(sql.copyOut(null));
            try {
                CopyIn in = copyApi(tgt).copyIn(direct ? sql.copyIntoTable() : sql.copyIntoStage(plan.columnNames()));
                Chunk chunk = pump(out, in, Long.MAX_VALUE, 0, throttle);
                if (!chunk.endOfStream) {
                    throw new StoppedException();
                }
                counts.read += chunk.rows;
                if (direct) {
                    counts.inserted += chunk.rows;
                } else {
                    applyStaged(tgt, chunk.rows, plan.replaceByMerge());
                    if (deleteNow && needsDelete()) {
                        counts.deleted += update(tgt, sql.deleteMissingInRange(null, null));
                    }
                }
            } finally {
                if (out.isActive()) {
                    out.cancelCopy();
                }
                SourceSnapshot.leave(src);
            }
        }
        if (!direct) {
            update(tgt, sql.dropStage());
        }
        listener.rowsCopied(displayName(), counts.read);
    }

    /** Whether rows missing from the source must be deleted after the copy (a staged, keyed copy). */
    boolean needsDelete() {
        return !plan.key().isEmpty() && (plan.replaceByMerge() || plan.deleteMissing());
    }

    /**
     * Deletes target rows whose key the source does not have: a second, key-only stream from the
     * same snapshot, compared range by range. Runs after the tables that reference this one have
     * deleted theirs, so no foreign key blocks or cascades. Idempotent, so it restarts freely.
     * A whole-table plan (self-reference, FK cycle, Truncate) deletes in one statement and leaves
     * the commit to the caller: rows that go may reference each other, and a non-deferrable
     * foreign key is checked at the end of each statement.
     */
    void deleteMissing(Connection tgt) throws SQLException {
        step = "deleting target rows missing from the source";
        boolean oneTransaction = plan.wholeTable();
        // Key ranges bounded by source keys are only valid when both sides order keys alike; else
        // all source keys are staged first and compared in one statement.
        boolean oneRange = oneTransaction || plan.keyOrderMayDiffer();
        tgt.setAutoCommit(false);
        if (oneTransaction) {
            createStageInTransaction(tgt, plan.key());
        } else {
            createStage(tgt, plan.key());
        }
        try (Connection src = source.connection()) {
            snapshot.join(src);
            CopyOut out = copyApi(src).copyOut(sql.copyKeysOut(null));
            try {
                List<String> lower = null;
                boolean endOfStream = false;
                int[] positions = IntStream.range(0, plan.key().size()).toArray();
                while (!endOfStream) {
                    if (stop.isCancelled()) {
                        return;
                    }
                    CopyIn in = copyApi(tgt).copyIn(sql.copyIntoStage(plan.key()));
                    // Keys compared for deletion are not rows written: not throttled.
                    Chunk chunk = pump(out, in, oneRange ? Long.MAX_VALUE : chunkRows, -1, WriteThrottle.NONE);
                    endOfStream = chunk.endOfStream;
                    if (oneRange && !endOfStream) {
                        // Stopped before every source key was staged: deleting now would take rows
                        // the source still has. The caller's transaction (or none) ends unchanged.
                        if (!oneTransaction) {
                            tgt.rollback();
                        }
                        return;
                    }
                    List<String> upper = endOfStream ? null : CopyText.fields(chunk.lastRow, positions);
                    counts.deleted += update(tgt, sql.deleteMissingInRange(lower, upper));
                    if (!oneTransaction) {
                        tgt.commit();
                    }
                    lower = upper;
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(tgt);
                throw e;
            } finally {
                if (out.isActive()) {
                    out.cancelCopy();
                }
                SourceSnapshot.leave(src);
            }
        } finally {
            if (oneTransaction) {
                dropStageInTransaction(tgt);
            } else {
                dropStage(tgt);
            }
        }
    }

    /** Moves the target's sequences past the copied values, in the caller's transaction. */
    void advanceSequences(Connection tgt) throws SQLException {
        step = "moving sequences past the copied values";
        for (TablePlan.SequenceRef seq : plan.sequences()) {
            try (Statement st = tgt.createStatement()) {
                st.execute(TableSql.advanceSequence(plan, seq));
            }
        }
    }

    /** A whole-table copy was asked to stop: its transaction must roll back, leaving the old rows. */
    static final class StoppedException extends RuntimeException {
        StoppedException() {
            super("stopped before the table was complete; its transaction was rolled back", null, false, false);
        }
    }

    /** @param targetNanos time spent handing the rows to the target (its back-pressure), throttling excluded */
    private record Chunk(long rows, byte[] lastRow, boolean endOfStream, long targetNanos) {
    }

    /**
     * Streams up to {@code maxRows} rows from {@code out} into {@code in} and ends the COPY IN. Stops
     * early, between rows, when the run is asked to stop. Rows are gathered into one buffer per
     * write: fewer, larger messages to the target; under a rate limit each batch of rows waits for
     * its permits before it is written.
     */
    private Chunk pump(CopyOut out, CopyIn in, long maxRows, long rowsBefore, WriteThrottle limit) throws SQLException {
        byte[] buffer = new byte[WRITE_BUFFER_BYTES];
        int used = 0;
        int buffered = 0;
        int batch = limit.batchRows();
        long rows = 0;
        long targetNanos = 0;
        byte[] last = null;
        boolean end = false;
        try {
            while (rows < maxRows) {
                byte[] row = out.readFromCopy();
                if (row == null) {
                    end = true;
                    break;
                }
                if (used + row.length > buffer.length && used > 0) {
                    targetNanos += write(in, buffer, used, buffered, limit);
                    used = 0;
                    buffered = 0;
                }
                if (row.length > buffer.length) {
                    targetNanos += write(in, row, row.length, 1, limit);
                } else {
                    System.arraycopy(row, 0, buffer, used, row.length);
                    used += row.length;
                    buffered++;
                }
                last = row;
                rows++;
                if (buffered >= batch) {
                    targetNanos += write(in, buffer, used, buffered, limit);
                    used = 0;
                    buffered = 0;
                    batch = limit.batchRows();
                    if (stop.isCancelled()) {
                        break;
                    }
                }
                if (rows % PROGRESS_EVERY_ROWS == 0) {
                    if (rowsBefore >= 0) {
                        listener.rowsCopied(displayName(), rowsBefore + rows);
                    }
                    if (stop.isCancelled()) {
                        break;
                    }
                }
            }
            if (used > 0) {
                targetNanos += write(in, buffer, used, buffered, limit);
            }
            long endStart = System.nanoTime();
            in.endCopy();
            targetNanos += System.nanoTime() - endStart;
        } catch (SQLException | RuntimeException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException ignored) {
                    // The original error matters more.
                }
            }
            throw e;
        }
        return new Chunk(rows, last, end, targetNanos);
    }

    /** Writes {@code rows} rows once the rate limit allows; returns the time the write itself took. */
    private long write(CopyIn in, byte[] bytes, int length, int rows, WriteThrottle limit) throws SQLException {
        limit.acquire(rows, stop);
        long start = System.nanoTime();
        in.writeToCopy(bytes, 0, length);
        if (limit.limiting()) {
            // Throttled rows go out now rather than when the driver's send buffer fills: the target
            // sees the steady stream the limit is for.
            in.flushCopy();
        }
        return System.nanoTime() - start;
    }

    /**
     * Applies a staged chunk: conflict check, inserts of new keys, then updates of rows that
     * differ (inserting first lets an updated row point at a row that is new in the same chunk).
     */
    private void applyStaged(Connection tgt, long rows, boolean forceSourceWins) throws SQLException {
        ConflictStrategy conflict = forceSourceWins ? ConflictStrategy.SOURCE_WINS : plan.conflict();
        if (plan.targetKeyIndexed()) {
            // Staging tables have no statistics; probing the target's key index per staged row beats
            // scanning the whole target for every chunk.
            update(tgt, "SET LOCAL enable_hashjoin = off");
            update(tgt, "SET LOCAL enable_mergejoin = off");
        }
        if (plan.mode() == SyncMode.MERGE && conflict == ConflictStrategy.FAIL && !plan.key().isEmpty()) {
            String check = sql.firstConflict();
            if (check != null) {
                try (Statement st = tgt.createStatement(); ResultSet rs = st.executeQuery(check)) {
                    if (rs.next()) {
                        List<String> key = new ArrayList<>();
                        for (int i = 1; i <= plan.key().size(); i++) {
                            key.add(rs.getString(i));
                        }
                        throw new TableFailure("the row with key (" + String.join(", ", key) + ") differs between source and"
                                + " target, and the conflict strategy is fail; nothing of this chunk was written. Use source-wins"
                                + " or target-wins to resolve such rows");
                    }
                }
            }
        }
        long conflicts = -1;
        if (plan.mode() == SyncMode.MERGE && conflict == ConflictStrategy.TARGET_WINS && !plan.key().isEmpty()) {
            String count = sql.countConflicts();
            conflicts = count == null ? 0 : queryLong(tgt, count);
        }
        long inserted = update(tgt, sql.insertNew());
        long updated = 0;
        boolean sourceWins = plan.mode() != SyncMode.APPEND && conflict == ConflictStrategy.SOURCE_WINS;
        if (sourceWins && !plan.key().isEmpty()) {
            String updateSql = sql.updateChanged();
            if (updateSql != null) {
                updated = update(tgt, updateSql);
            }
        }
        counts.inserted += inserted;
        counts.updated += updated;
        // A target without a unique index on the key may hold several rows per key: all of them are
        // updated, which must not make the count of unchanged rows negative.
        long rest = Math.max(0, rows - inserted - updated);
        if (sourceWins || plan.conflict() == ConflictStrategy.FAIL) {
            counts.unchanged += rest;
        } else if (conflicts >= 0) {
            // target-wins: only rows that differ were kept in their target version; equal rows are unchanged.
            counts.skipped += conflicts;
            counts.unchanged += rest - conflicts;
        } else {
            counts.skipped += rest;
        }
    }

    /** Removes all rows (TRUNCATE when allowed, DELETE otherwise), returning how many there were. */
    private long emptyTable(Connection tgt) throws SQLException {
        long before = queryLong(tgt, sql.countTarget());
        try (Statement st = tgt.createStatement()) {
            st.execute("SAVEPOINT pgtide_truncate");
            try {
                st.execute(sql.truncateTarget());
                st.execute("RELEASE SAVEPOINT pgtide_truncate");
            } catch (SQLException e) {
                st.execute("ROLLBACK TO SAVEPOINT pgtide_truncate");
                st.execute(sql.deleteAllTarget());
            }
        }
        return before;
    }

    private void createStage(Connection tgt, List<String> columns) throws SQLException {
        createStageInTransaction(tgt, columns);
        tgt.commit();
    }

    private void createStageInTransaction(Connection tgt, List<String> columns) throws SQLException {
        update(tgt, sql.dropStage());
        update(tgt, sql.createStage(columns));
    }

    private void dropStage(Connection tgt) {
        try {
            tgt.rollback();
            update(tgt, sql.dropStage());
            tgt.commit();
        } catch (SQLException ignored) {
            // A temp table dies with its session anyway.
        }
    }

    private void dropStageInTransaction(Connection tgt) {
        try {
            update(tgt, sql.dropStage());
        } catch (SQLException ignored) {
            // The transaction failed and will be rolled back; the temp table dies with the session.
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is gone; the transaction went with it.
        }
    }

    private static CopyManager copyApi(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getCopyAPI();
    }

    private static long update(Connection c, String statement) throws SQLException {
        try (Statement st = c.createStatement()) {
            return st.executeLargeUpdate(statement);
        }
    }

    private static boolean queryBoolean(Connection c, String query) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static long queryLong(Connection c, String query) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
