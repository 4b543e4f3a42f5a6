package io.pgtide.runner.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.sync.CancelToken;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code java -jar sync-runner.jar <command>}: the sync engine as a command-line program. Errors
 * are one readable paragraph on stderr and an exit code from {@link ExitCode}, never a stack trace.
 */
@Command(name = "sync-runner.jar", mixinStandardHelpOptions = true, versionProvider = SyncRunnerMain.Version.class,
        description = "pgtide: sync PostgreSQL tables from a source to a target database, resumably.",
        subcommands = {CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all tables synced", "1:failed (target untouched, restored from the backup, or at its last committed chunk)",
                "2:bad input or usage", "3:partially succeeded", "4:interrupted, rerun to resume",
                "5:validation found errors, nothing written"})
public final class SyncRunnerMain {
    /** How long SIGTERM waits for the current chunk to commit before the process ends anyway. */
    private static final long SHUTDOWN_GRACE_SECONDS = 60;

    public static void main(String[] args) {
        CancelToken cancel = new CancelToken();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger exitCode = new AtomicInteger(ExitCode.INTERRUPTED);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished.get()) {
                return;
            }
            // SIGTERM/SIGINT: let the engine commit its current chunk and checkpoint, print its
            // summary, then end with its exit code (4 when it stopped early).
            cancel.cancel("stopped by a termination signal");
            try {
                done.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitCode.get());
        }, "pgtide-shutdown"));
        int code = execute(args, System.out, System.err, cancel);
        exitCode.set(code);
        done.countDown();
        if (cancel.isCancelled() && "stopped by a termination signal".equals(cancel.reason())) {
            // The shutdown hook is running and ends the process with this code.
            return;
        }
        finished.set(true);
        System.exit(code);
    }

    /** Runs a command line in-process (tests, the demo); returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err, CancelToken cancel) {
        return execute(args, out, err, cancel, System.getenv(), SyncRunnerMain::kubernetesClient);
    }

    /**
     * The Kubernetes API as fabric8 finds it (in a pod: the ServiceAccount), with few retries: a
     * status write that fails is retried at the next interval anyway, and after SIGTERM the final
     * write must fit into the pod's grace period (fabric8's default of 10 retries with exponential
     * backoff takes minutes against an unreachable API).
     */
    private static KubernetesClient kubernetesClient() {
        Config config = new ConfigBuilder(Config.autoConfigure(null))
                .withRequestRetryBackoffLimit(2)
                .withConnectionTimeout(5_000)
                .withRequestTimeout(10_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Runs a command line in-process with the given environment (what {@code run-job} reads) and
     * Kubernetes API (a client the command closes when done): how tests and the demo run a runner
     * pod without starting a process.
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, CancelToken cancel,
                              Map<String, String> env, Supplier<KubernetesClient> kubernetes) {
        CommandLine cmd = new CommandLine(new SyncRunnerMain());
        cmd.addSubcommand("sync", new SyncCommand(out, cancel));
        cmd.addSubcommand("preview", new PreviewCommand(out));
        cmd.addSubcommand("validate", new ValidateCommand(out));
        cmd.addSubcommand("restore", new RestoreCommand(out));
        cmd.addSubcommand("backups", new BackupsCommand(out));
        cmd.addSubcommand("run-job", new RunJobCommand(out, err, cancel, env, kubernetes));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((ex, arguments) -> {
            // picocli quotes the arguments it could not place, and a misplaced argument may be a URL
            // with its password.
            err.println("Error: " + PgUrl.redact(ex.getMessage()));
            CommandLine failed = ex.getCommandLine();
            err.println("Run 'java -jar sync-runner.jar " + (failed.getCommandName().equals("sync-runner.jar") ? ""
                    : failed.getCommandName() + " ") + "--help' for the options.");
            return ExitCode.BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Failure failure = Failure.of(ex);
            Object command = commandLine.getCommand();
            if (command instanceof ReportsErrors r) {
                r.reportError(failure.exitCode(), failure.message());
            }
            err.println("Error: " + failure.message());
            return failure.exitCode();
        });
        return cmd.execute(args);
    }

    /** Whether stdout is an interactive terminal (progress bars) rather than a file or pipe. */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a Console even when redirected; isTerminal() tells the truth there.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** How an exception ends the program: its exit code and a message safe to show (no secrets, no stack trace). */
    record Failure(int exitCode, String message) {
        static Failure of(Exception ex) {
            if (ex instanceof UserError u) {
                return new Failure(u.exitCode(), u.getMessage());
            }
            if (ex instanceof SQLException sql) {
                return new Failure(ExitCode.FAILED, "The run failed: " + Database.safeMessage(sql)
                        + (sql.getSQLState() == null ? "" : " [SQLSTATE " + sql.getSQLState() + "]")
                        + ". Nothing more was written; rerun to resume from the last checkpoint.");
            }
            return new Failure(ExitCode.FAILED, "Internal error (" + ex.getClass().getSimpleName() + "): "
                    + Database.safeMessage(ex) + ". Please report this with the command you ran (without passwords).");
        }
    }

    /** Commands that also report errors in their machine-readable output. */
    interface ReportsErrors {
        void reportError(int exitCode, String message);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SyncRunnerMain.class.getPackage().getImplementationVersion();
            return new String[]{"pgtide sync-runner " + (v == null ? "development build" : v)};
        }
    }
}
