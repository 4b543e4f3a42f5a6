package io.pgtide.runner.cli;

import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.job.SyncJobMapping;
import io.pgtide.runner.preview.PreviewEngine;
import io.pgtide.runner.progress.JsonProgress;
import io.pgtide.runner.progress.ProgressListener;
import io.pgtide.runner.progress.TextProgress;
import io.pgtide.runner.sync.CancelToken;
import io.pgtide.runner.sync.RunResult;
import io.pgtide.runner.sync.SyncEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Sync tables from the source to the target, in foreign-key order, in checkpointed chunks."
                + " Rerunning the same command after an interruption resumes it."
                + " The tables and settings come from options or from a SyncJob manifest (--spec).")
final class SyncCommand implements Callable<Integer>, SyncRunnerMain.ReportsErrors {
    @Mixin
    JobOptions job;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (progress bars on a terminal, lines otherwise) or json (JSON lines and a final summary).")
    OutputFormat output;

    private final PrintStream out;
    private final CancelToken cancel;
    private JsonProgress json;

    SyncCommand(PrintStream out, CancelToken cancel) {
        this.out = out;
        this.cancel = cancel;
    }

    @Override
    public Integer call() throws Exception {
        if (output == OutputFormat.json) {
            json = new JsonProgress(out);
        }
        PgUrl source = job.sourceUrl();
        PgUrl target = job.targetUrl();
        SyncJobMapping.Mapped mapped = job.toSyncOptions(source, target);
        ProgressListener listener = json != null ? json : new TextProgress(out, SyncRunnerMain.stdoutIsTerminal());
        mapped.notices().forEach(listener::message);
        if (mapped.dryRun()) {
            listener.message("The manifest says dryRun: true, so this is a preview: nothing is written to the target."
                    + " Remove dryRun (or set it to false) to sync for real.");
            return PreviewCommand.preview(mapped, source, target, listener, json != null, PreviewEngine.DEFAULT_SAMPLES,
                    job.connectTimeout(), out);
        }
        RunResult result = new SyncEngine(source, target, mapped.options(), listener, cancel, job.connectTimeout()).run();
        return result.exitCode();
    }

    @Override
    public void reportError(int exitCode, String message) {
        if (json != null) {
            json.error(exitCode, message);
        }
    }
}
