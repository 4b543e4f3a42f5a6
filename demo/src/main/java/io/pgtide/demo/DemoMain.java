package io.pgtide.demo;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.cli.SyncRunnerMain;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar pgtide-demo.jar}: pgtide in one minute. Creates a sample shop database and an
 * empty copy of its tables, syncs them with the real engine (through its command line, so the user
 * sees its real progress and summary), changes the source, resyncs with --delete-missing, and
 * checks that the target equals the source. Exit code 0 when it does, 1 otherwise.
 */
@Command(name = "pgtide-demo.jar", mixinStandardHelpOptions = true, versionProvider = DemoMain.Version.class,
        description = "Runs pgtide's sync engine on a sample database: first sync, source changes, resync, verification.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the target equals the source", "1:the demo failed", "2:bad usage"})
public final class DemoMain implements Callable<Integer> {
    /** How long Ctrl-C waits for the demo to stop its sync and clean up. */
    private static final long SHUTDOWN_GRACE_SECONDS = 30;
    private static final String INDENT = "      ";

    @Option(names = "--pg", paramLabel = "URL",
            description = "Use this PostgreSQL server instead of starting an embedded one: postgresql://user[:password]@host:port/db"
                    + " (db is only used to connect; the password may also come from PGTIDE_PG_PASSWORD)."
                    + " The demo's databases are dropped at the end.")
    String pg;

    private final PrintStream out;
    private final PrintStream err;
    private final CancelToken cancel;
    /** The server in use, for the shutdown hook. */
    private volatile DemoServer running;

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
        out.println("pgtide demo: sync a sample shop database into an empty one with the real sync engine,");
        out.println("change the source, sync again, and check that both databases are equal.");
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
        out.println("[1/5] Starting an embedded PostgreSQL (the first start unpacks it, which takes a few seconds)...");
        try {
            return DemoServer.startEmbedded();
        } catch (IOException | RuntimeException e) {
            throw new UserError(ExitCode.FAILED, "Cannot start the embedded PostgreSQL: " + Database.safeMessage(e)
                    + ". Run the demo against a server of yours instead: --pg postgresql://USER@HOST:5432/postgres.", e);
        }
    }

    private int demo(DemoServer server) throws SQLException {
        if (server.isEmbedded()) {
            out.println(INDENT + "PostgreSQL " + server.version() + " is ready at " + server.address() + ".");
        } else {
            out.println("[1/5] Using the PostgreSQL " + server.version() + " server at " + server.address()
                    + "; the demo's databases are dropped at the end.");
        }
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String source = "pgtide_demo_src_" + suffix;
        String target = "pgtide_demo_tgt_" + suffix;

        long started = System.nanoTime();
        server.createDatabase(source);
        long rows;
        try (Connection c = server.connect(source)) {
            SampleShop.createSchema(c);
            rows = SampleShop.fill(c);
        }
        out.println(String.format(Locale.ROOT, "[2/5] Created the source database %s: %s with foreign keys, %,d rows (%.1fs).",
                source, String.join(", ", SampleShop.TABLES), rows, (System.nanoTime() - started) / 1e9));
        server.createDatabase(target);
        try (Connection c = server.connect(target)) {
            SampleShop.createSchema(c);
        }
        out.println(INDENT + "Created the target database " + target + ": the same tables, no rows.");
        out.println();

        List<String> sync = syncArgs(server, source, target);
        out.println("[3/5] First sync, the same as this command line:");
        out.println(INDENT + "java -jar sync-runner/target/sync-runner.jar " + PgUrl.redact(String.join(" ", sync)));
        out.println();
        if (!runSync(sync, "first sync")) {
            return ExitCode.FAILED;
        }

        out.println();
        out.println("[4/5] Changing the source:");
        try (Connection c = server.connect(source)) {
            for (String change : SampleShop.applyChanges(c)) {
                out.println(INDENT + "- " + change);
            }
        }
        sync.add("--delete-missing");
        out.println(INDENT + "Resync with --delete-missing, so that rows deleted on the source go on the target too:");
        out.println();
        if (!runSync(sync, "resync")) {
            return ExitCode.FAILED;
        }

        out.println();
        out.println("[5/5] Comparing every table: row count and md5 of all rows in key order.");
        return verify(server, source, target);
    }

    private static List<String> syncArgs(DemoServer server, String source, String target) {
        List<String> args = new ArrayList<>(List.of("sync", "--source", server.url(source), "--target", server.url(target)));
        SampleShop.TABLES.forEach(t -> args.addAll(List.of("--table", t)));
        return args;
    }

    /** Runs the sync-runner command line in-process; false (after saying why) when it did not succeed. */
    private boolean runSync(List<String> args, String what) {
        if (cancel.isCancelled()) {
            err.println("The demo was " + cancel.reason() + " before the " + what + ".");
            return false;
        }
        int code = SyncRunnerMain.execute(args.toArray(String[]::new), out, err, cancel);
        if (code != ExitCode.OK && cancel.isCancelled()) {
            err.println("The demo was " + cancel.reason() + " during the " + what + ".");
            return false;
        }
        if (code != ExitCode.OK) {
            err.println("Error: the " + what + " ended with exit code " + code + " (see its messages above), so the demo stops here.");
            return false;
        }
        return true;
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
