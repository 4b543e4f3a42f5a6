package io.pgtide.runner.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgtide.api.Progress;
import io.pgtide.api.TablePhase;
import io.pgtide.api.TableStatus;
import io.pgtide.runner.db.PgUrl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner pod's environment contract, and the shape of the status patch it leads to. */
class RunnerEnvironmentTest {
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PGTIDE_SYNCJOB_NAMESPACE", "shop");
        env.put("PGTIDE_SYNCJOB_NAME", "copy");
        env.put("PGTIDE_RUN_ID", "run-3");
        env.put("PGTIDE_RUN_SPEC", "{\"sourceRef\":{\"name\":\"a\"},\"targetRef\":{\"name\":\"b\"},\"tables\":[{\"name\":\"t\"}]}");
        env.put("PGTIDE_SOURCE_HOST", "src.example.com");
        env.put("PGTIDE_SOURCE_PORT", "5433");
        env.put("PGTIDE_SOURCE_DATABASE", "shop");
        env.put("PGTIDE_SOURCE_SSLMODE", "verify-ca");
        env.put("PGTIDE_SOURCE_USER", "reader");
        env.put("PGTIDE_SOURCE_PASSWORD", " pw with blanks ");
        env.put("PGTIDE_TARGET_URL", "postgresql://writer@tgt.example.com/dev?sslmode=require");
        env.put("PGTIDE_TARGET_PASSWORD", "tgt-secret");
        return env;
    }

    @Test
    void readsBothConnectionFormsAndTheRun() {
        RunnerEnvironment run = RunnerEnvironment.from(env());

        assertThat(run.namespace()).isEqualTo("shop");
        assertThat(run.name()).isEqualTo("copy");
        assertThat(run.jobId()).isEqualTo("syncjob/shop/copy/run-3");
        assertThat(run.spec().getTables()).singleElement().satisfies(t -> assertThat(t.getName()).isEqualTo("t"));
        assertThat(run.source()).isEqualTo(new PgUrl("src.example.com", 5433, "shop", "reader", " pw with blanks ",
                Map.of("sslmode", "verify-ca")));
        assertThat(run.target()).isEqualTo(new PgUrl("tgt.example.com", 5432, "dev", "writer", "tgt-secret",
                Map.of("sslmode", "require")));
        assertThat(run.statusInterval()).isEqualTo(RunnerEnvironment.DEFAULT_STATUS_INTERVAL);
        assertThat(run.toString()).doesNotContain("pw with blanks").doesNotContain("tgt-secret");
    }

    @Test
    void namesWhatIsMissingOrWrong() {
        Map<String, String> noSpec = env();
        noSpec.remove("PGTIDE_RUN_SPEC");
        assertThatThrownBy(() -> RunnerEnvironment.from(noSpec)).hasMessageContaining("PGTIDE_RUN_SPEC is not set");

        Map<String, String> both = env();
        both.put("PGTIDE_TARGET_HOST", "x");
        assertThatThrownBy(() -> RunnerEnvironment.from(both)).hasMessageContaining("both PGTIDE_TARGET_URL and PGTIDE_TARGET_HOST");

        Map<String, String> sslMode = env();
        sslMode.put("PGTIDE_SOURCE_SSLMODE", "always");
        assertThatThrownBy(() -> RunnerEnvironment.from(sslMode)).hasMessageContaining("PGTIDE_SOURCE_SSLMODE 'always'");

        Map<String, String> interval = env();
        interval.put("PGTIDE_STATUS_INTERVAL", "often");
        assertThatThrownBy(() -> RunnerEnvironment.from(interval)).hasMessageContaining("PGTIDE_STATUS_INTERVAL 'often'");

        Map<String, String> badUrl = env();
        badUrl.put("PGTIDE_TARGET_URL", "postgresql://writer:hunter2@/dev");
        assertThatThrownBy(() -> RunnerEnvironment.from(badUrl)).hasMessageNotContaining("hunter2");
    }

    @Test
    void theStatusPatchNamesOnlyRunnerFieldsAndClearsUnknownProgressValues() throws Exception {
        Progress progress = new Progress();
        progress.setTablesTotal(1);
        progress.setRowsDone(10L);
        TableStatus table = new TableStatus();
        table.setName("public.t");
        table.setPhase(TablePhase.Running);
        table.setRowsDone(10L);

        String patch = new StatusPatcher(null, "shop", "copy").patch(progress, List.of(table));

        assertThat(new ObjectMapper().readTree(patch)).isEqualTo(new ObjectMapper().readTree("{\"status\":{\"progress\":{\"tablesTotal\":1,\"rowsDone\":10,\"tablesDone\":null,"
                + "\"rowsEstimated\":null,\"percent\":null,\"rowsPerSecond\":null,\"rateLimitRowsPerSecond\":null,\"etaSeconds\":null,\"updatedAt\":null},"
                + "\"tables\":[{\"name\":\"public.t\",\"phase\":\"Running\",\"rowsDone\":10}]}}"));
    }

    @Test
    void aShortIntervalCanBeSet() {
        Map<String, String> env = env();
        env.put("PGTIDE_STATUS_INTERVAL", "200ms");
        assertThat(RunnerEnvironment.from(env).statusInterval()).isEqualTo(Duration.ofMillis(200));
    }
}
