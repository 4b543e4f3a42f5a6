package io.pgtide.runner.cli;

import io.pgtide.api.SyncJob;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.backup.BackupOptions;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.job.SyncJobManifest;
import io.pgtide.runner.job.SyncJobMapping;
import io.pgtide.runner.schema.TableRef;
import io.pgtide.runner.sync.ConflictStrategy;
import io.pgtide.runner.sync.OnTableError;
import io.pgtide.runner.sync.ProductionGuard;
import io.pgtide.runner.sync.RateLimitOptions;
import io.pgtide.runner.sync.SyncEngine;
import io.pgtide.runner.sync.SyncMode;
import io.pgtide.runner.sync.SyncOptions;
import io.pgtide.runner.sync.TableSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options shared by sync, validate and preview: what to sync from where to where, and how; either as
 * options, or as a SyncJob manifest ({@code --spec}) whose tables and settings are used instead.
 */
final class JobOptions {
    /** What --spec replaces: giving one of these with it would leave unclear which one counts. */
    private static final List<String> SPEC_FIELDS = List.of("--table", "--where", "--key", "--mode", "--conflict",
            "--delete-missing", "--checkpoint-rows", "--parallel", "--on-table-error", "--timeout", "--backup", "--backup-retain",
            "--max-rows-per-second", "--adaptive-rate");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--spec", paramLabel = "FILE",
            description = "A SyncJob manifest (YAML or JSON, as for kubectl apply): sync its spec.tables with its"
                    + " settings, instead of --table and the options below. The job id is the SyncJob's namespace/name.")
    Path spec;

    @Option(names = "--source", required = true, paramLabel = "URL",
            description = "Source database: postgresql://user[:password]@host[:port]/db[?sslmode=...] or jdbc:postgresql://...")
    String source;

    @Option(names = "--target", required = true, paramLabel = "URL", description = "Target database URL (same forms as --source).")
    String target;

    @Option(names = "--table", paramLabel = "TABLE",
            description = "A table to sync (schema.table; quote names with capitals or spaces). Repeat for more tables (at most 50).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--where", paramLabel = "TABLE=SQL", description = "Only sync source rows matching this boolean expression.")
    List<String> wheres = new ArrayList<>();

    @Option(names = "--key", paramLabel = "TABLE=COL[,COL...]",
            description = "Columns that identify a row, for a table without primary key or non-null unique index.")
    List<String> keys = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "merge",
            description = "merge (default), truncate or append.")
    String mode;

    @Option(names = "--conflict", paramLabel = "STRATEGY", defaultValue = "source-wins",
            description = "In merge mode, for rows that differ: source-wins (default), target-wins or fail.")
    String conflict;

    @Option(names = "--delete-missing", description = "In merge mode, delete target rows that the source does not have.")
    boolean deleteMissing;

    @Option(names = "--checkpoint-rows", paramLabel = "N", defaultValue = "" + SyncOptions.DEFAULT_CHECKPOINT_ROWS,
            description = "Rows per chunk; each chunk commits with its checkpoint (default ${DEFAULT-VALUE}).")
    int checkpointRows;

    @Option(names = "--max-rows-per-second", paramLabel = "N",
            description = "Write at most N rows per second, over all tables together (default: no limit).")
    Long maxRowsPerSecond;

    @Option(names = "--adaptive-rate",
            description = "Slow down while the target's write latency rises and speed up again when it recovers"
                    + " (up to --max-rows-per-second when given).")
    boolean adaptiveRate;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "2",
            description = "Tables synced at the same time when foreign keys allow (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--on-table-error", paramLabel = "ACTION", defaultValue = "abort",
            description = "continue (record the error, go on, exit 3) or abort (stop, exit 1; default).")
    String onTableError;

    @Option(names = "--backup", paramLabel = "POLICY", defaultValue = "best-effort",
            description = "Back up the target tables (in schema pgtide_backup) before the first write: best-effort"
                    + " (default: sync without a backup when it fails), required (stop before any write when it fails)"
                    + " or disabled. An aborted run is rolled back from the backup.")
    String backup;

    @Option(names = "--backup-retain", paramLabel = "N", defaultValue = "" + BackupOptions.DEFAULT_RETAIN,
            description = "Backups of this job kept on the target; older ones are dropped (default ${DEFAULT-VALUE}).")
    int backupRetain;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h", converter = DurationConverter.class,
            description = "Stop cleanly at a checkpoint after this long, exit 4 (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Timeout of each connection attempt (default ${DEFAULT-VALUE}); 3 attempts with backoff.")
    Duration connectTimeout;

    @Option(names = "--job-id", paramLabel = "ID",
            description = "Checkpoint identity. Default: derived from source, target and tables (with --spec: syncjob/NAMESPACE/NAME),"
                    + " so rerunning the same command resumes.")
    String jobId;

    @Option(names = "--restart", description = "Ignore checkpoints of an interrupted run and start over.")
    boolean restart;

    @Option(names = "--confirm-production", paramLabel = "NAME",
            description = "Confirm writing to a target whose database is marked production (ALTER DATABASE ... SET"
                    + " pgtide.environment = 'production'): NAME is the target database's name, as in its URL.")
    String confirmProduction;

    PgUrl sourceUrl() {
        return PgUrl.parse("source", source, System.getenv("PGTIDE_SOURCE_PASSWORD"));
    }

    PgUrl targetUrl() {
        return PgUrl.parse("target", target, System.getenv("PGTIDE_TARGET_PASSWORD"));
    }

    Duration connectTimeout() {
        return connectTimeout == null ? Database.DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    }

    /** The run's options, with notices about what the runner leaves out of a --spec manifest. */
    SyncJobMapping.Mapped toSyncOptions(PgUrl sourceUrl, PgUrl targetUrl) {
        if (spec != null) {
            ParseResult parsed = command.commandLine().getParseResult();
            List<String> given = SPEC_FIELDS.stream().filter(parsed::hasMatchedOption).toList();
            if (!given.isEmpty()) {
                throw usage(String.join(", ", given) + " cannot be combined with --spec: the manifest's spec says which"
                        + " tables to sync and how; change the manifest instead");
            }
            SyncJob job = SyncJobManifest.read(spec);
            SyncJobMapping.Mapped mapped = SyncJobMapping.toSyncOptions(job.getSpec(),
                    jobId != null ? jobId : SyncJobMapping.jobId(job), restart,
                    SyncJobMapping.backupGroup(job.getMetadata().getNamespace(), job.getMetadata().getName()));
            // On the command line the target is a URL, not a DatabaseConnection: it is confirmed by
            // its database name, whatever the manifest's productionConfirmation says.
            return new SyncJobMapping.Mapped(mapped.options().withProduction(productionGuard(targetUrl)), mapped.notices(),
                    mapped.dryRun());
        }
        if (tables.isEmpty()) {
            throw usage("name at least one table with --table, or give a SyncJob manifest with --spec");
        }
        if (tables.size() > 50) {
            throw usage("at most 50 tables per run (got " + tables.size() + "); split the job");
        }
        Map<String, TableRef> refs = new LinkedHashMap<>();
        for (String t : tables) {
            TableRef ref = TableRef.parse(t);
            if (refs.put(ref.toString(), ref) != null) {
                throw usage("the table " + ref + " is given twice");
            }
        }
        Map<String, String> whereByTable = perTable("--where", wheres, refs);
        Map<String, String> keyByTable = perTable("--key", keys, refs);
        List<TableSpec> specs = new ArrayList<>();
        for (TableRef ref : refs.values()) {
            String where = whereByTable.get(ref.toString());
            String key = keyByTable.get(ref.toString());
            List<String> keyColumns = key == null ? List.of() : Arrays.stream(key.split(",")).map(String::strip).toList();
            if (keyColumns.stream().anyMatch(String::isEmpty)) {
                throw usage("--key for " + ref + " has an empty column name; use --key TABLE=col1,col2");
            }
            specs.add(new TableSpec(ref, where, keyColumns, List.of(), List.of(), null, null));
        }
        if (checkpointRows < 1) {
            throw usage("--checkpoint-rows must be at least 1");
        }
        if (parallel < 1 || parallel > 32) {
            throw usage("--parallel must be between 1 and 32");
        }
        if (backupRetain < 1) {
            throw usage("--backup-retain must be at least 1");
        }
        if (maxRowsPerSecond != null && maxRowsPerSecond < 1) {
            throw usage("--max-rows-per-second must be at least 1 (got " + maxRowsPerSecond + "); leave it out for no limit");
        }
        String id = jobId != null ? jobId : SyncEngine.defaultJobId(sourceUrl, targetUrl, specs);
        BackupOptions backupOptions = new BackupOptions(parseEnum(BackupOptions.Policy.class, "--backup", backup),
                backupRetain, id);
        return new SyncJobMapping.Mapped(new SyncOptions(specs, parseEnum(SyncMode.class, "--mode", mode),
                parseEnum(ConflictStrategy.class, "--conflict", conflict), deleteMissing, checkpointRows, parallel,
                parseEnum(OnTableError.class, "--on-table-error", onTableError), timeout, id, restart, backupOptions,
                productionGuard(targetUrl), new RateLimitOptions(maxRowsPerSecond, adaptiveRate)), List.of());
    }

    private ProductionGuard productionGuard(PgUrl targetUrl) {
        return ProductionGuard.commandLine(targetUrl.database(), confirmProduction);
    }

    private static Map<String, String> perTable(String option, List<String> values, Map<String, TableRef> refs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            int eq = separatorAfterTableName(v);
            if (eq <= 0) {
                throw usage(option + " '" + v + "' must have the form TABLE=VALUE, for a table also given with --table");
            }
            TableRef ref = TableRef.parse(v.substring(0, eq));
            if (!refs.containsKey(ref.toString())) {
                throw usage(option + " names " + ref + ", which is not one of the --table values " + refs.keySet());
            }
            String value = v.substring(eq + 1).strip();
            if (value.isEmpty()) {
                throw usage(option + " for " + ref + " is empty");
            }
            if (out.put(ref.toString(), value) != null) {
                throw usage(option + " is given twice for " + ref);
            }
        }
        return out;
    }

    /** The first '=' outside double quotes: quoted table names may contain '=' themselves. */
    private static int separatorAfterTableName(String v) {
        boolean quoted = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '=' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String option, String value) {
        String normalized = value.strip().toUpperCase().replace('-', '_');
        try {
            return Enum.valueOf(type, normalized);
        } catch (IllegalArgumentException e) {
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase().replace('_', '-')).toList();
            throw usage(option + " '" + value + "' is not one of " + String.join(", ", allowed));
        }
    }

    private static UserError usage(String message) {
        return new UserError(ExitCode.BAD_INPUT, "Invalid arguments: " + message + ".");
    }
}
