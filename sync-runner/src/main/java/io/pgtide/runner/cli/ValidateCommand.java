package io.pgtide.runner.cli;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.job.SyncJobMapping;
import io.pgtide.runner.progress.JsonProgress;
import io.pgtide.runner.progress.ProgressListener;
import io.pgtide.runner.progress.TextProgress;
import io.pgtide.runner.sync.CancelToken;
import io.pgtide.runner.sync.SyncEngine;
import io.pgtide.runner.sync.SyncPlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check both schemas and the options as sync would, print errors and warnings, write nothing.")
final class ValidateCommand implements Callable<Integer>, SyncRunnerMain.ReportsErrors {
    @Mixin
    JobOptions job;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    private final PrintStream out;
    private JsonProgress json;

    ValidateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (output == OutputFormat.json) {
            json = new JsonProgress(out);
        }
        PgUrl source = job.sourceUrl();
        PgUrl target = job.targetUrl();
        ProgressListener listener = json != null ? json : new TextProgress(out, false);
        SyncJobMapping.Mapped mapped = job.toSyncOptions(source, target);
        mapped.notices().forEach(listener::message);
        SyncPlanner.Plan plan = new SyncEngine(source, target, mapped.options(), listener,
                new CancelToken(), job.connectTimeout()).validate();
        int errors = plan.errors().size();
        int warnings = plan.warnings().size();
        String verdict = errors > 0
                ? "Validation found " + errors + " error(s) and " + warnings + " warning(s); a sync would not start."
                : "Validation passed with " + warnings + " warning(s); order: "
                + plan.order().flatOrder().stream().map(Object::toString).toList() + ".";
        if (json != null) {
            json.message(verdict);
        } else {
            out.println(verdict);
        }
        return errors > 0 ? ExitCode.VALIDATION_FAILED : ExitCode.OK;
    }

    @Override
    public void reportError(int exitCode, String message) {
        if (json != null) {
            json.error(exitCode, message);
        }
    }
}
