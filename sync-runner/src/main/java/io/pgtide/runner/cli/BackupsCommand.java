package io.pgtide.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.backup.Backup;
import io.pgtide.runner.backup.BackupCatalog;
import io.pgtide.runner.backup.RunBackup;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.progress.JsonProgress;
import io.pgtide.runner.progress.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "List the backups on a target database (schema pgtide_backup), newest first.")
final class BackupsCommand implements Callable<Integer>, SyncRunnerMain.ReportsErrors {
    @Option(names = "--target", required = true, paramLabel = "URL", description = "The target database.")
    String target;

    @Option(names = "--job-id", paramLabel = "ID", description = "Only the backups of this job (the sync's checkpoint identity).")
    String jobId;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Timeout of each connection attempt (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    private final PrintStream out;

    BackupsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (jobId != null && jobId.isBlank()) {
            throw new UserError(ExitCode.BAD_INPUT, "Invalid arguments: --job-id is empty; give a job id as the backups"
                    + " listing shows it, or leave the option out to list every job's backups.");
        }
        PgUrl url = PgUrl.parse("target", target, System.getenv("PGTIDE_TARGET_PASSWORD"));
        List<Backup> backups;
        try (Database db = Database.open("target", url, connectTimeout, 1); Connection c = db.connection()) {
            backups = BackupCatalog.list(c, jobId);
        }
        if (output == OutputFormat.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode n = mapper.createObjectNode().put("event", "backups");
            ArrayNode array = n.putArray("backups");
            for (Backup b : backups) {
                ObjectNode o = array.addObject().put("id", b.id()).put("jobId", b.jobId()).put("group", b.group())
                        .put("createdAt", b.createdAt().toString()).put("state", b.state().name()).put("rows", b.rows())
                        .put("bytes", b.bytes()).put("durationMillis", b.duration().toMillis());
                ArrayNode tables = o.putArray("tables");
                for (Backup.Table t : b.tables()) {
                    tables.addObject().put("table", t.target().display()).put("backupTable", BackupCatalog.SCHEMA + "."
                            + t.backupTable()).put("rows", t.rows()).put("bytes", t.bytes());
                }
            }
            out.println(n);
            return ExitCode.OK;
        }
        if (backups.isEmpty()) {
            out.println("No backups on " + url.displayName() + (jobId == null ? "" : " for job " + jobId) + ".");
            return ExitCode.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "JOB", "CREATED", "STATE", "TABLES", "ROWS", "SIZE"});
        for (Backup b : backups) {
            rows.add(new String[]{b.id(), b.jobId(), b.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(), b.state().name(),
                    String.valueOf(b.tables().size()), String.format(Locale.ROOT, "%,d", b.rows()), RunBackup.bytes(b.bytes())});
        }
        TextTable.print(out, rows, column -> column >= 4);
        return ExitCode.OK;
    }

    @Override
    public void reportError(int exitCode, String message) {
        if (output == OutputFormat.json) {
            new JsonProgress(out).error(exitCode, message);
        }
    }
}
