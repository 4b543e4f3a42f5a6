package io.pgtide.runner.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgtide.runner.backup.Backup;
import io.pgtide.runner.sync.Finding;
import io.pgtide.runner.sync.RunResult;
import io.pgtide.runner.sync.TableResult;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --output json}: one JSON object per line (findings, table start, progress at most every
 * few seconds per table, table end) and a final {@code summary} object.
 */
public final class JsonProgress implements ProgressListener {
    private static final long PROGRESS_INTERVAL_MILLIS = 2_000;

    private final PrintStream out;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, long[]> tables = new ConcurrentHashMap<>();

    public JsonProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void findings(List<Finding> findings) {
        for (Finding f : findings) {
            ObjectNode n = event("finding");
            n.put("severity", f.severity().name().toLowerCase());
            n.put("table", f.table());
            n.put("message", f.message());
            emit(n);
        }
    }

    @Override
    public void message(String text) {
        emit(event("message").put("message", text));
    }

    @Override
    public void backupTaken(Backup backup, boolean reused) {
        emit(event("backup").put("backupId", backup.id()).put("reused", reused).put("tables", backup.tables().size())
                .put("rows", backup.rows()).put("bytes", backup.bytes()).put("durationMillis", backup.duration().toMillis()));
    }

    @Override
    public void backupMissing(String why) {
        emit(event("backup").putNull("backupId").put("message", why));
    }

    @Override
    public void tableStarted(String table, long estimatedRows, long alreadyDone) {
        tables.put(table, new long[]{System.currentTimeMillis(), alreadyDone, 0, estimatedRows});
        emit(event("tableStarted").put("table", table).put("rowsEstimated", estimatedRows).put("rowsDone", alreadyDone));
    }

    @Override
    public void rowsCopied(String table, long rowsDone) {
        long[] state = tables.get(table);
        if (state == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - state[2] < PROGRESS_INTERVAL_MILLIS) {
            return;
        }
        state[2] = now;
        double rate = Rates.rowsPerSecond(rowsDone - state[1], now - state[0]);
        ObjectNode n = event("progress").put("table", table).put("rowsDone", rowsDone).put("rowsEstimated", state[3])
                .put("rowsPerSecond", Math.round(rate)).put("etaSeconds", Rates.etaSeconds(rowsDone, state[3], rate));
        int percent = Rates.percent(rowsDone, state[3]);
        if (percent >= 0) {
            n.put("percent", percent);
        }
        emit(n);
    }

    @Override
    public void tableFinished(TableResult result) {
        tables.remove(result.table());
        emit(table(event("tableFinished"), result));
    }

    @Override
    public void runFinished(RunResult result) {
        ObjectNode n = event("summary");
        n.put("jobId", result.jobId());
        n.put("result", result.outcome());
        n.put("exitCode", result.exitCode());
        n.put("durationMillis", result.duration().toMillis());
        if (result.interruptReason() != null) {
            n.put("reason", result.interruptReason());
        }
        if (result.rollback() != null) {
            n.put("rolledBack", result.rolledBack());
            n.put("rollback", result.rollback().message());
            if (result.rollback().backupId() != null) {
                n.put("backupId", result.rollback().backupId());
            }
        }
        var array = n.putArray("tables");
        for (TableResult t : result.tables()) {
            array.add(table(mapper.createObjectNode(), t));
        }
        emit(n);
    }

    /** {@code {"event":"rateLimit","rowsPerSecond":1000,"reason":...}}; rowsPerSecond is null when there is no limit. */
    @Override
    public void rateLimitChanged(long rowsPerSecond, String why) {
        ObjectNode n = event("rateLimit");
        if (rowsPerSecond > 0) {
            n.put("rowsPerSecond", rowsPerSecond);
        } else {
            n.putNull("rowsPerSecond");
        }
        emit(n.put("reason", why));
    }

    /** A failure before or outside the table work (bad input, validation, connection). */
    public void error(int exitCode, String message) {
        emit(event("error").put("exitCode", exitCode).put("message", message));
    }

    private ObjectNode table(ObjectNode n, TableResult t) {
        n.put("table", t.table());
        n.put("result", t.status().label());
        n.put("rowsRead", t.rowsRead());
        n.put("inserted", t.inserted());
        n.put("updated", t.updated());
        n.put("deleted", t.deleted());
        n.put("unchanged", t.unchanged());
        n.put("skipped", t.skipped());
        n.put("durationMillis", t.duration().toMillis());
        if (t.error() != null) {
            n.put("error", t.error());
        }
        return n;
    }

    private ObjectNode event(String type) {
        ObjectNode n = mapper.createObjectNode();
        n.put("event", type);
        n.put("time", Instant.now().toString());
        return n;
    }

    private synchronized void emit(ObjectNode n) {
        out.println(n.toString());
        out.flush();
    }
}
