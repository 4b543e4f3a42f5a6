package io.pgtide.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.backup.BackupRestore;
import io.pgtide.runner.backup.RestoreRun;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.sync.ProductionGuard;
import io.pgtide.runner.progress.JsonProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Put the tables of a backup (taken by sync before its first write) back to their backed-up"
                + " contents, in one transaction. Forgets the checkpoints of the backup's job, so its next sync starts over.")
final class RestoreCommand implements Callable<Integer>, SyncRunnerMain.ReportsErrors {
    @Option(names = "--target", required = true, paramLabel = "URL", description = "The database the backup was taken of.")
    String target;

    @Option(names = "--backup", required = true, paramLabel = "ID", description = "The backup's id (see the backups command).")
    String backupId;

    @Option(names = "--table", paramLabel = "TABLE", description = "Restore only this table of the backup (repeatable).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Timeout of each connection attempt (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Option(names = "--confirm-production", paramLabel = "NAME",
            description = "Confirm writing to a target whose database is marked production (pgtide.environment ="
                    + " 'production'): NAME is the target database's name, as in its URL.")
    String confirmProduction;

    private final PrintStream out;

    RestoreCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (backupId.isBlank()) {
            throw new UserError(ExitCode.BAD_INPUT, "Invalid arguments: --backup is empty; give a backup id as"
                    + " 'java -jar sync-runner.jar backups --target URL' lists them.");
        }
        PgUrl url = PgUrl.parse("target", target, System.getenv("PGTIDE_TARGET_PASSWORD"));
        RestoreRun.Result result = RestoreRun.restore(url, connectTimeout, backupId, tables,
                ProductionGuard.commandLine(url.database(), confirmProduction));
        if (output == OutputFormat.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode n = mapper.createObjectNode().put("event", "restored").put("backupId", result.backup().id())
                    .put("jobId", result.backup().jobId()).put("exitCode", ExitCode.OK);
            ArrayNode array = n.putArray("tables");
            for (BackupRestore.TableOutcome t : result.tables()) {
                array.addObject().put("table", t.table().display()).put("deleted", t.deleted()).put("updated", t.updated())
                        .put("inserted", t.inserted());
            }
            out.println(n);
        } else {
            for (BackupRestore.TableOutcome t : result.tables()) {
                out.println(String.format(Locale.ROOT, "%s: %,d deleted, %,d updated, %,d inserted", t.table().display(),
                        t.deleted(), t.updated(), t.inserted()));
            }
            boolean whole = result.tables().size() == result.backup().tables().size();
            out.println("Restored " + result.tables().size() + " table(s) from backup " + result.backup().id() + " (taken "
                    + result.backup().createdAt() + " by job " + result.backup().jobId() + "); " + (whole
                    ? "the job's checkpoints are cleared, so its next sync starts over."
                    : "their checkpoints are cleared, so the job's next sync starts them over; the job's other tables keep"
                    + " theirs, and the backup stays " + result.backup().state() + "."));
        }
        return ExitCode.OK;
    }

    @Override
    public void reportError(int exitCode, String message) {
        if (output == OutputFormat.json) {
            new JsonProgress(out).error(exitCode, message);
        }
    }
}
