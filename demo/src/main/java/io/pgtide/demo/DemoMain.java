package io.pgtide.demo;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pgtide.api.BackupStatus;
import io.pgtide.api.Preview;
import io.pgtide.api.Progress;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.api.TablePreview;
import io.pgtide.api.TableStatus;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.PgtideOperator;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.sync.CancelToken;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code java -jar pgtide-demo.jar}: the whole product on one machine. Creates a sample shop database
 * and an empty copy of its tables, starts an embedded Kubernetes API with the CRDs, the real operator
 * and a {@link LocalJobRunner}, applies the manifests of {@code examples/demo/} (pointed at the
 * PostgreSQL in use), shows the SyncJob's live status until it ends, changes the source, reruns the
 * SyncJob through {@code spec.rerunNonce}, and checks that the target equals the source. Exit code 0
 * when it does, 1 otherwise. {@code --keep} leaves everything up for kubectl until Ctrl-C.
 */
@Command(name = "pgtide-demo.jar", mixinStandardHelpOptions = true, versionProvider = DemoMain.Version.class,
        description = "Runs pgtide on one machine: embedded PostgreSQL and Kubernetes API, the real operator, runner Jobs;"
                + " first sync, source changes, rerun, verification.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the target equals the source", "1:the demo failed", "2:bad usage"})
public final class DemoMain implements Callable<Integer> {
    /** How long Ctrl-C waits for the demo to stop its sync and clean up. */
    private static final long SHUTDOWN_GRACE_SECONDS = 30;
    private static final String INDENT = "      ";
    /** The database names of examples/demo/01-connections.yaml. */
    static final String SOURCE_DATABASE = "pgtide_demo_source";
    static final String TARGET_DATABASE = "pgtide_demo_target";
    /** The SyncJob of examples/demo/02-syncjob.yaml. */
    static final String SYNC_JOB = "demo-shop";
    /** Quick queue checks, and no minimum interval between runs: the demo reruns at once. */
    private static final OperatorConfig OPERATOR_CONFIG = OperatorConfig.defaults()
            .withQueueRecheckInterval(Duration.ofSeconds(1)).withMinRunInterval(Duration.ZERO);
    private static final Set<SyncJobPhase> TERMINAL = EnumSet.of(SyncJobPhase.Succeeded, SyncJobPhase.PartiallySucceeded,
            SyncJobPhase.Failed, SyncJobPhase.RolledBack);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Generous for a busy machine; the SyncJob usually ends within seconds. */
    private static final Duration RUN_PATIENCE = Duration.ofMinutes(5);

    @Option(names = "--pg", paramLabel = "URL",
            description = "Use this PostgreSQL server instead of starting an embedded one: postgresql://user[:password]@host:port/db"
                    + " (db is only used to connect; the password may also come from PGTIDE_PG_PASSWORD)."
                    + " The demo's databases are dropped at the end.")
    String pg;

    @Option(names = "--keep", description = "Stay up after the verdict (embedded Kubernetes API, operator, PostgreSQL) for kubectl,"
            + " until Ctrl-C; prints the kubeconfig path.")
    boolean keep;

    private final PrintStream out;
    private final PrintStream err;
    private final CancelToken cancel;
    /** The server in use, for the shutdown hook. */
    private volatile DemoServer running;
    private volatile EmbeddedKubernetes kube;
    private volatile PgtideOperator operator;
    private volatile LocalJobRunner kubelet;

    private DemoMain(PrintStream out, PrintStream err, CancelToken cancel) {
        this.out = out;
        this.err = err;
        this.cancel = cancel;
    }

    public static void main(String[] args) {
        CancelToken cancel = new CancelToken();
        DemoMain demo = new DemoMain(System.out, System.err, cancel);
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C: stop the sync at its next checkpoint and let the demo clean up; the embedded
        // server is stopped here too if the demo did not get that far, or its process would outlive us.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cancel.cancel("stopped by a termination signal");
            try {
                done.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            demo.stopKubernetes();
            demo.stopEmbeddedServer();
        }, "pgtide-demo-shutdown"));
        int code = demo.execute(args);
        done.countDown();
        System.exit(code);
    }

    /** Runs the demo in-process (tests); returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new DemoMain(out, err, new CancelToken()).execute(args);
    }

    private int execute(String[] args) {
        CommandLine cmd = new CommandLine(this);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Override
    public Integer call() {
        out.println("pgtide demo: a sample shop database synced into an empty one by the real pgtide operator on an");
        out.println("embedded Kubernetes API, with its runner Jobs run locally; then the source changes, the SyncJob");
        out.println("reruns, and both databases are compared.");
        out.println();
        try {
            running = openServer();
            return demo(running);
        } catch (UserError e) {
            err.println("Error: " + e.getMessage());
        } catch (SQLException e) {
            err.println("Error: the demo failed: " + Database.safeMessage(e)
                    + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]") + ".");
        } catch (Exception e) {
            err.println("Error: the demo failed unexpectedly (" + e.getClass().getSimpleName() + "): " + Database.safeMessage(e)
                    + ". Please report this with the command you ran (without passwords).");
        } finally {
            stopKubernetes();
            if (running != null) {
                cleanUp(running);
            }
        }
        return ExitCode.FAILED;
    }

    private DemoServer openServer() throws SQLException {
        if (pg != null) {
            return DemoServer.existing(PgUrl.parse("pg", pg, System.getenv("PGTIDE_PG_PASSWORD")));
        }
        out.println("[1/6] Starting an embedded PostgreSQL (the first start unpacks it, which takes a few seconds)...");
        try {
            return DemoServer.startEmbedded();
        } catch (IOException | RuntimeException e) {
            throw new UserError(ExitCode.FAILED, "Cannot start the embedded PostgreSQL: " + Database.safeMessage(e)
                    + ". Run the demo against a server of yours instead: --pg postgresql://USER@HOST:5432/postgres.", e);
        }
    }

    private int demo(DemoServer server) throws SQLException, IOException {
        if (server.isEmbedded()) {
            out.println(INDENT + "PostgreSQL " + server.version() + " is ready at " + server.address() + ".");
        } else {
            out.println("[1/6] Using the PostgreSQL " + server.version() + " server at " + server.address()
                    + "; the demo's databases are dropped at the end.");
        }
        // On an embedded server the names of examples/demo/; on a server of the user's, unique ones.
        String suffix = server.isEmbedded() ? "" : "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String source = SOURCE_DATABASE + suffix;
        String target = TARGET_DATABASE + suffix;

        long started = System.nanoTime();
        server.createDatabase(source);
        long rows;
        try (Connection c = server.connect(source)) {
            SampleShop.createSchema(c);
            rows = SampleShop.fill(c);
        }
        out.println(String.format(Locale.ROOT, "[2/6] Created the source database %s: %s with foreign keys, %,d rows (%.1fs).",
                source, String.join(", ", SampleShop.TABLES), rows, (System.nanoTime() - started) / 1e9));
        server.createDatabase(target);
        try (Connection c = server.connect(target)) {
            SampleShop.createSchema(c);
        }
        out.println(INDENT + "Created the target database " + target + ": the same tables, no rows.");
        out.println();

        out.println("[3/6] Starting an embedded Kubernetes API (with the pgtide CRDs), the pgtide operator,");
        out.println(INDENT + "and a local Job runner that runs the runner Jobs the operator creates (in this JVM).");
        kube = EmbeddedKubernetes.start();
        operator = PgtideOperator.start(kube.newClient(), OPERATOR_CONFIG, false);
        kubelet = LocalJobRunner.builder(kube.client())
                .env("PGTIDE_STATUS_INTERVAL", "1s")
                .retryBackoff(Duration.ofSeconds(1))
                .start();
        out.println(INDENT + "API server at " + kube.url() + ", kubeconfig " + kube.kubeconfig() + ".");
        out.println();

        DemoManifests manifests = DemoManifests.load();
        out.println("[4/6] Applying the manifests of " + manifests.origin() + " (host, port"
                + (suffix.isEmpty() ? "" : ", database names") + " and credentials pointed at " + server.address() + "):");
        for (String line : manifests.apply(kube.client(), server.admin(), Map.of(SOURCE_DATABASE, source, TARGET_DATABASE, target))) {
            out.println(INDENT + line);
        }
        out.println();
        out.println(INDENT + "Live status of syncjob/" + SYNC_JOB + " (polled every second):");
        SyncJob first = awaitRun(null, null, DemoMain::statusLine);
        if (first == null) {
            return ExitCode.FAILED;
        }
        printTables(first);
        out.println();
        out.println(INDENT + "$ kubectl get sj,dbconn");
        kube.kubectlGet("sj,dbconn", false).lines().forEach(l -> out.println(INDENT + l));
        out.println();

        out.println("[5/6] Changing the source:");
        try (Connection c = server.connect(source)) {
            for (String change : SampleShop.applyChanges(c)) {
                out.println(INDENT + "- " + change);
            }
        }
        String previewNonce = "preview-" + System.currentTimeMillis();
        out.println(INDENT + "First a dry run: spec.dryRun=true, spec.rerunNonce=" + previewNonce + " (like kubectl patch sj "
                + SYNC_JOB + " --type merge -p '{\"spec\":{\"dryRun\":true,\"rerunNonce\":\"" + previewNonce + "\"}}').");
        out.println(INDENT + "The runner compares both sides and writes nothing; status.preview says what a run would change:");
        patchSpec(Map.of("dryRun", true, "rerunNonce", previewNonce));
        SyncJob preview = awaitRun(runId(first), statusLine(first.getStatus()), DemoMain::dryRunLine);
        if (preview == null) {
            return ExitCode.FAILED;
        }
        printPreview(preview);
        out.println();
        String nonce = "demo-" + System.currentTimeMillis();
        out.println(INDENT + "Now for real: spec.dryRun=false, spec.rerunNonce=" + nonce
                + " (like kubectl patch sj " + SYNC_JOB + " --type merge -p '{\"spec\":{\"dryRun\":false,\"rerunNonce\":\"" + nonce
                + "\"}}').");
        patchSpec(Map.of("dryRun", false, "rerunNonce", nonce));
        SyncJob second = awaitRun(runId(preview), dryRunLine(preview.getStatus()), DemoMain::statusLine);
        if (second == null) {
            return ExitCode.FAILED;
        }
        printTables(second);
        out.println();
        out.println(INDENT + "$ kubectl get sj,dbconn");
        kube.kubectlGet("sj,dbconn", false).lines().forEach(l -> out.println(INDENT + l));
        out.println();

        out.println("[6/6] Comparing every table: row count and md5 of all rows in key order.");
        int code = verify(server, source, target);
        if (code == ExitCode.OK && keep) {
            keepRunning();
        }
        return code;
    }

    /** With --keep: the API stays up for kubectl until Ctrl-C. */
    private void keepRunning() {
        String kubeconfig = kube.kubeconfig().toString();
        out.println();
        out.println("--keep: the embedded Kubernetes API, the operator and PostgreSQL stay up until Ctrl-C. Try:");
        out.println(INDENT + "export KUBECONFIG=" + kubeconfig);
        out.println(INDENT + "kubectl get sj,dbconn");
        out.println(INDENT + "kubectl describe sj " + SYNC_JOB);
        out.println(INDENT + "kubectl patch sj " + SYNC_JOB + " --type merge -p '{\"spec\":{\"rerunNonce\":\"again\"}}'");
        out.println(INDENT + "kubectl get sj " + SYNC_JOB + " -o yaml");
        out.flush();
        while (!cancel.isCancelled()) {
            sleep(Duration.ofMillis(200));
        }
        out.println();
        out.println("Stopping (" + cancel.reason() + ").");
    }

    /**
     * Polls the SyncJob every second, printing a line when its status changes, until a run other than
     * {@code previousRunId} (null: any run) ends. Null, after saying why, when it failed or took too long.
     */
    private void patchSpec(Map<String, Object> fields) {
        kube.client().resources(SyncJob.class).inNamespace(EmbeddedKubernetes.NAMESPACE).withName(SYNC_JOB).patch(
                PatchContext.of(PatchType.JSON_MERGE), kube.client().getKubernetesSerialization().asJson(Map.of("spec", fields)));
    }

    private static String runId(SyncJob job) {
        return job.getStatus().getRun() == null ? "" : job.getStatus().getRun().getId();
    }

    /** Waits for a new run (another run id than {@code previousRunId}) to end, printing {@code line} of each new status. */
    private SyncJob awaitRun(String previousRunId, String previousLine, Function<SyncJobStatus, String> describe) {
        long deadline = System.nanoTime() + RUN_PATIENCE.toNanos();
        String last = previousLine;
        while (true) {
            if (cancel.isCancelled()) {
                err.println("The demo was " + cancel.reason() + " while the SyncJob was running.");
                return null;
            }
            SyncJob job = kube.client().resources(SyncJob.class).inNamespace(EmbeddedKubernetes.NAMESPACE).withName(SYNC_JOB).get();
            SyncJobStatus status = job == null ? null : job.getStatus();
            String line = describe.apply(status);
            boolean newRun = status != null && status.getRun() != null
                    && (previousRunId == null || !Objects.equals(previousRunId, status.getRun().getId()));
            // Until the operator records the new run, status still describes the previous one.
            if (!line.equals(last) && (newRun || previousRunId == null)) {
                out.println(INDENT + "  " + line);
                last = line;
            }
            if (status != null && status.getPhase() != null && TERMINAL.contains(status.getPhase()) && status.getRun() != null
                    && (previousRunId == null || !Objects.equals(previousRunId, status.getRun().getId()))) {
                if (status.getPhase() == SyncJobPhase.Succeeded) {
                    return job;
                }
                err.println("Error: the SyncJob " + SYNC_JOB + " ended " + status.getPhase()
                        + (status.getReason() == null ? "" : " (" + status.getReason() + ")")
                        + (status.getMessage() == null ? "" : ": " + status.getMessage().strip())
                        + ". The runner Job's output was: " + lastLines(status.getRun().getJobName()) + " The demo stops here.");
                return null;
            }
            if (System.nanoTime() > deadline) {
                err.println("Error: the SyncJob " + SYNC_JOB + " did not finish within " + RUN_PATIENCE.toMinutes() + " minutes; it is "
                        + (status == null || status.getPhase() == null ? "without status" : status.getPhase()
                        + (status.getReason() == null ? "" : " (" + status.getReason() + ")")
                        + (status.getMessage() == null ? "" : ": " + status.getMessage().strip()))
                        + ". The demo stops here.");
                return null;
            }
            sleep(POLL);
        }
    }

    /** A dry run's state: its phase, then the preview's summary once the runner wrote it. */
    static String dryRunLine(SyncJobStatus status) {
        if (status == null || status.getPhase() == null) {
            return "(no status yet)";
        }
        String phase = String.format(Locale.ROOT, "%-10s dry run", status.getPhase());
        return status.getPhase() == SyncJobPhase.Succeeded && status.getPreview() != null && status.getPreview().getSummary() != null
                ? phase + ": " + status.getPreview().getSummary() : phase;
    }

    /** A dry run's result per table, from status.preview. */
    private void printPreview(SyncJob job) {
        Preview preview = job.getStatus().getPreview();
        out.println();
        out.println(INDENT + "status.preview:");
        out.println(String.format(Locale.ROOT, "%s  %-20s %10s %10s %10s %10s", INDENT, "TABLE", "TO INSERT", "TO UPDATE",
                "TO DELETE", "UNCHANGED"));
        for (TablePreview t : preview == null || preview.getTables() == null ? List.<TablePreview>of() : preview.getTables()) {
            out.println(String.format(Locale.ROOT, "%s  %-20s %,10d %,10d %,10d %,10d", INDENT, t.getName(), orZero(t.getToInsert()),
                    orZero(t.getToUpdate()), orZero(t.getToDelete()), orZero(t.getUnchanged())));
        }
    }

    /** The run's result per table, from status.tables (what the runner reported). */
    private void printTables(SyncJob job) {
        SyncJobStatus status = job.getStatus();
        out.println();
        out.println(INDENT + "Run " + (status.getRun() == null ? "" : status.getRun().getId() + " ")
                + "(runner Job " + (status.getRun() == null ? "?" : status.getRun().getJobName()) + "), status.tables:");
        out.println(String.format(Locale.ROOT, "%s  %-20s %-10s %10s %10s %10s %10s %10s", INDENT,
                "TABLE", "PHASE", "ROWS", "INSERTED", "UPDATED", "DELETED", "UNCHANGED"));
        for (TableStatus t : status.getTables() == null ? List.<TableStatus>of() : status.getTables()) {
            out.println(String.format(Locale.ROOT, "%s  %-20s %-10s %,10d %,10d %,10d %,10d %,10d", INDENT, t.getName(), t.getPhase(),
                    orZero(t.getRowsDone()), orZero(t.getInserted()), orZero(t.getUpdated()), orZero(t.getDeleted()),
                    orZero(t.getUnchanged())));
        }
        BackupStatus backup = status.getBackup();
        if (backup != null && backup.getId() != null) {
            out.println(String.format(Locale.ROOT, "%s  status.backup: %s, %,d rows of the target taken before the run's first write"
                    + " (kubectl annotate sj %s pgtide.io/restore=%s would put them back)", INDENT, backup.getId(),
                    orZero(backup.getRows()), SYNC_JOB, backup.getId()));
        }
    }

    private String lastLines(String jobName) {
        if (jobName == null) {
            return "(none).";
        }
        List<String> lines = kubelet.logs(EmbeddedKubernetes.NAMESPACE, jobName).strip().lines().toList();
        String tail = String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return tail.isBlank() ? "(none)." : "\"" + tail + "\".";
    }

    /** phase, percent, rows and each table's rows, e.g. {@code Running  40%  40,000/101,000 rows  customers 2,000/2,000 ...}. */
    static String statusLine(SyncJobStatus status) {
        if (status == null || status.getPhase() == null) {
            return "(no status yet)";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-10s", status.getPhase()));
        Progress p = status.getProgress();
        if (p != null) {
            b.append(String.format(Locale.ROOT, " %3d%%", p.getPercent() == null ? 0 : p.getPercent()));
            b.append(String.format(Locale.ROOT, "  %,d%s rows", orZero(p.getRowsDone()),
                    p.getRowsEstimated() == null ? "" : String.format(Locale.ROOT, "/%,d", p.getRowsEstimated())));
        }
        if (status.getTables() != null) {
            for (TableStatus t : status.getTables()) {
                String name = t.getName() == null ? "?" : t.getName().replaceFirst("^public\\.", "");
                b.append(String.format(Locale.ROOT, "  %s %,d", name, orZero(t.getRowsDone())));
            }
        }
        if (p == null && status.getReason() != null) {
            b.append("  (").append(status.getReason()).append(')');
        }
        return b.toString();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int verify(DemoServer server, String source, String target) throws SQLException {
        List<String> differing = new ArrayList<>();
        long rows = 0;
        try (Connection s = server.connect(source); Connection t = server.connect(target)) {
            for (String table : SampleShop.TABLES) {
                TableChecksum expected = TableChecksum.of(s, table, SampleShop.KEY);
                TableChecksum actual = TableChecksum.of(t, table, SampleShop.KEY);
                boolean equal = expected.equals(actual);
                out.println(String.format(Locale.ROOT, "%s%-20s %,8d rows  md5 %s  %s", INDENT, table, actual.rows(), actual.md5(),
                        equal ? "equal" : String.format(Locale.ROOT, "DIFFERS (source: %,d rows, md5 %s)", expected.rows(), expected.md5())));
                if (!equal) {
                    differing.add(table);
                }
                rows += expected.rows();
            }
        }
        out.println();
        if (!differing.isEmpty()) {
            err.println("Error: the target differs from the source in " + String.join(", ", differing)
                    + ". This is a bug in pgtide: please report it with the output above.");
            return ExitCode.FAILED;
        }
        out.println(String.format(Locale.ROOT, "target equals source: %d tables, %,d rows", SampleShop.TABLES.size(), rows));
        return ExitCode.OK;
    }

    /** Stops the runner (its pods first), the operator and the API server; quietly, the demo is ending. */
    private void stopKubernetes() {
        if (kube == null) {
            return;
        }
        out.println("Stopping the local Job runner, the operator and the embedded Kubernetes API.");
        try {
            if (kubelet != null) {
                kubelet.close();
            }
            if (operator != null) {
                operator.close();
            }
        } catch (RuntimeException e) {
            err.println("Warning: stopping the operator failed: " + Database.safeMessage(e) + ".");
        } finally {
            try {
                kube.close();
            } catch (RuntimeException e) {
                // The JVM is ending.
            }
            kubelet = null;
            operator = null;
            kube = null;
        }
    }

    private void stopEmbeddedServer() {
        DemoServer s = running;
        if (s != null && s.isEmbedded()) {
            try {
                s.close();
            } catch (IOException | SQLException e) {
                // The JVM is ending; the server's data directory is temporary.
            }
        }
    }

    /** Stops the embedded server or drops the demo's databases; a failure here is reported, not fatal. */
    private void cleanUp(DemoServer server) {
        try {
            if (server.isEmbedded()) {
                out.println("Stopping the embedded PostgreSQL.");
            } else if (!server.createdDatabases().isEmpty()) {
                out.println("Dropping the demo databases " + String.join(" and ", server.createdDatabases()) + ".");
            }
            server.close();
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("Warning: cleaning up failed: " + Database.safeMessage(e)
                    + (server.isEmbedded() ? "" : ". Drop the databases " + String.join(", ", server.createdDatabases())
                    + " by hand (DROP DATABASE ... WITH (FORCE))."));
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DemoMain.class.getPackage().getImplementationVersion();
            return new String[]{"pgtide demo " + (v == null ? "development build" : v)};
        }
    }
}
