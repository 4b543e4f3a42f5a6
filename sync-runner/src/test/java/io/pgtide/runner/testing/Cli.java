package io.pgtide.runner.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pgtide.runner.cli.SyncRunnerMain;
import io.pgtide.runner.sync.CancelToken;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntBiFunction;

/** Runs the command line in-process and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }

        /** The JSON lines of stdout ({@code --output json}), in order; other lines are skipped. */
        public List<JsonNode> jsonLines() {
            List<JsonNode> events = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("{")) {
                    try {
                        events.add(MAPPER.readTree(line));
                    } catch (JsonProcessingException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return events;
        }
    }

    public static Result run(String... args) {
        return run(new CancelToken(), args);
    }

    public static Result run(CancelToken cancel, String... args) {
        return capture((o, e) -> SyncRunnerMain.execute(args, o, e, cancel));
    }

    /** {@code run-job} as a runner pod runs it: the pod's environment, and the Kubernetes API from {@code kubernetes}. */
    public static Result runJob(Map<String, String> env, Supplier<KubernetesClient> kubernetes, CancelToken cancel) {
        return capture((o, e) -> SyncRunnerMain.execute(new String[]{"run-job"}, o, e, cancel, env, kubernetes));
    }

    private static Result capture(ToIntBiFunction<PrintStream, PrintStream> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = command.applyAsInt(o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** sync --source S --target T plus the given tables (as --table) and extra options. */
    public static List<String> syncArgs(ScratchDatabase source, ScratchDatabase target, String... rest) {
        List<String> args = new ArrayList<>(List.of("sync", "--source", source.url(), "--target", target.url()));
        args.addAll(List.of(rest));
        return args;
    }
}
