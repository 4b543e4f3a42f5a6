package io.pgtide.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The runner's real entry point ({@code SyncRunnerMain.main}) in a child JVM, so that tests can
 * kill it (SIGKILL) or terminate it (SIGTERM) like an operator or Kubernetes would.
 */
public final class RunnerProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private RunnerProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static RunnerProcess start(List<String> args) {
        try {
            Path out = Files.createTempFile("pgtide-runner", ".out");
            Path err = Files.createTempFile("pgtide-runner", ".err");
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "io.pgtide.runner.cli.SyncRunnerMain"));
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new RunnerProcess(p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no cleanup, like kill -9 or an OOM kill. */
    public void kill() {
        process.destroyForcibly();
        waitFor(30);
    }

    /** SIGTERM: the runner should stop at a checkpoint and exit 4. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the exit code (fails the test when the process does not end in time). */
    public int waitFor(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the runner did not end within " + seconds + " s; output:\n" + all());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String out() {
        return read(out);
    }

    public String err() {
        return read(err);
    }

    public String all() {
        return out() + err();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
