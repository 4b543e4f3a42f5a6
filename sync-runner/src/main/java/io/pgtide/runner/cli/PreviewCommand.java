package io.pgtide.runner.cli;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.job.SyncJobMapping;
import io.pgtide.runner.preview.PreviewEngine;
import io.pgtide.runner.preview.PreviewJson;
import io.pgtide.runner.preview.PreviewResult;
import io.pgtide.runner.preview.PreviewText;
import io.pgtide.runner.progress.JsonProgress;
import io.pgtide.runner.progress.ProgressListener;
import io.pgtide.runner.progress.TextProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "preview", mixinStandardHelpOptions = true,
        description = "Dry run: validate as sync would, then show per table how many rows a sync with the same options"
                + " would insert, update, delete, leave unchanged and skip, with sample keys. Only reads both databases"
                + " (a read-only target role is enough); writes nothing. Exit 0 when the preview was computed, whether"
                + " or not there are changes.")
final class PreviewCommand implements Callable<Integer>, SyncRunnerMain.ReportsErrors {
    @Mixin
    JobOptions job;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table per table and a total line) or json (JSON lines and a final summary).")
    OutputFormat output;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + PreviewEngine.DEFAULT_SAMPLES,
            description = "Sample keys shown per kind of change and table (default ${DEFAULT-VALUE}).")
    int samples;

    private final PrintStream out;
    private JsonProgress json;

    PreviewCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (output == OutputFormat.json) {
            json = new JsonProgress(out);
        }
        if (samples < 0 || samples > 1000) {
            throw new UserError(ExitCode.BAD_INPUT, "Invalid arguments: --samples must be between 0 and 1000.");
        }
        PgUrl source = job.sourceUrl();
        PgUrl target = job.targetUrl();
        SyncJobMapping.Mapped mapped = job.toSyncOptions(source, target);
        ProgressListener listener = json != null ? json : new TextProgress(out, false);
        mapped.notices().forEach(listener::message);
        return preview(mapped, source, target, listener, json != null, samples, job.connectTimeout(), out);
    }

    /** Computes and prints a preview (also what {@code sync --spec} does with a dryRun manifest). */
    static int preview(SyncJobMapping.Mapped mapped, PgUrl source, PgUrl target, ProgressListener listener, boolean json,
                       int samples, Duration connectTimeout, PrintStream out) throws Exception {
        PreviewJson lines = json ? new PreviewJson(out) : null;
        PreviewResult result = new PreviewEngine(source, target, mapped.options(), listener, connectTimeout, samples)
                .run(t -> {
                    if (lines != null) {
                        lines.table(t);
                    }
                });
        if (lines != null) {
            lines.finished(result);
        } else {
            PreviewText.print(result, out);
        }
        return ExitCode.OK;
    }

    @Override
    public void reportError(int exitCode, String message) {
        if (json != null) {
            json.error(exitCode, message);
        }
    }
}
