package io.pgtide.runner.preview;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.progress.ProgressListener;
import io.pgtide.runner.schema.SchemaInspector;
import io.pgtide.runner.schema.TableName;
import io.pgtide.runner.sync.ProductionGuard;
import io.pgtide.runner.sync.SyncOptions;
import io.pgtide.runner.sync.SyncPlanner;
import io.pgtide.runner.sync.TablePlan;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A dry run: the sync's own validation and planning, then per table (in foreign-key order) what
 * the sync would insert, update, delete, leave unchanged and skip, computed by comparing key and
 * hash streams of both sides. Both sides are only read, each in one read-only REPEATABLE READ
 * transaction (one consistent picture per side); nothing is created on the target, no checkpoint,
 * no staging table, no lock, so a role that may only SELECT is enough.
 */
public final class PreviewEngine {
    public static final int DEFAULT_SAMPLES = 5;

    private final PgUrl sourceUrl;
    private final PgUrl targetUrl;
    private final SyncOptions options;
    private final ProgressListener listener;
    private final Duration connectTimeout;
    private final int samples;

    public PreviewEngine(PgUrl sourceUrl, PgUrl targetUrl, SyncOptions options, ProgressListener listener,
                         Duration connectTimeout, int samples) {
        this.sourceUrl = sourceUrl;
        this.targetUrl = targetUrl;
        this.options = options;
        this.listener = listener;
        this.connectTimeout = connectTimeout;
        this.samples = samples;
    }

    /**
     * @param onTable told about each table as soon as it is compared
     * @throws UserError with {@link ExitCode#VALIDATION_FAILED} when validation finds errors (no table is read then)
     */
    public PreviewResult run(Consumer<TableDiff> onTable) throws SQLException {
        Instant start = Instant.now();
        try (Database source = Database.open("source", sourceUrl, connectTimeout, 1);
             Database target = Database.open("target", targetUrl, connectTimeout, 1);
             Connection s = readOnlyTransaction(source);
             Connection t = readOnlyTransaction(target)) {
            SyncPlanner.Plan plan = new SyncPlanner(options, s, t, true).plan();
            listener.findings(plan.findings());
            if (plan.hasErrors()) {
                throw new UserError(ExitCode.VALIDATION_FAILED, "Validation found " + plan.errors().size()
                        + " error(s); no preview was computed and nothing was written:\n" + plan.errors().stream()
                        .map(f -> "  - " + f).collect(Collectors.joining("\n")));
            }
            List<String> notes = new ArrayList<>();
            if (!options.production().confirmed() && ProductionGuard.isProduction(t)) {
                // As validate says it: the preview itself needs no confirmation, the sync would.
                notes.add("A sync would be refused: " + options.production().refusal(targetUrl.displayName(), "sync into it"));
            }
            notes.forEach(listener::message);
            Map<TableName, TablePlan> byName = plan.tables().stream()
                    .collect(Collectors.toMap(TablePlan::table, Function.identity()));
            SchemaInspector sourceInspector = new SchemaInspector(s);
            List<TableDiff> tables = new ArrayList<>();
            for (TableName name : plan.order().flatOrder()) {
                TableDiff diff = new TablePreviewer(byName.get(name), s, t, sourceInspector, samples).compute();
                tables.add(diff);
                onTable.accept(diff);
            }
            return new PreviewResult(tables, plan.warnings(), notes, Duration.between(start, Instant.now()));
        }
    }

    /**
     * A connection in a read-only REPEATABLE READ transaction: one snapshot for planning and every
     * table, and the server itself refuses any write. Not autocommit, so results can be fetched in
     * batches.
     */
    private static Connection readOnlyTransaction(Database db) throws SQLException {
        Connection c = db.connection();
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }
}
