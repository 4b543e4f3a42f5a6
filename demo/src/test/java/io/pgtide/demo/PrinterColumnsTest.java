package io.pgtide.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pieces behind the tables, without a server. */
class PrinterColumnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonPathSubsetOfPrinterColumns() throws Exception {
        JsonNode o = JSON.readTree("""
                {"metadata":{"labels":{"app.kubernetes.io/name":"x"}},"spec":{"sourceRef":{"name":"src"},"tables":[{"name":"a"},{"name":"b"}]},
                 "status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"},{"type":"Stalled","status":"True"}]}}""");
        assertThat(SimpleJsonPath.compile(".status.phase").evaluate(o).asText()).isEqualTo("Running");
        assertThat(SimpleJsonPath.compile("{.spec.sourceRef.name}").evaluate(o).asText()).isEqualTo("src");
        assertThat(SimpleJsonPath.compile(".spec.tables[-1].name").evaluate(o).asText()).isEqualTo("b");
        assertThat(SimpleJsonPath.compile(".metadata.labels['app.kubernetes.io/name']").evaluate(o).asText()).isEqualTo("x");
        assertThat(SimpleJsonPath.compile(".status.conditions[?(@.type==\"Stalled\")].status").evaluate(o).asText()).isEqualTo("True");
        assertThat(SimpleJsonPath.compile(".status.progress.percent").evaluate(o)).isNull();
        assertThatThrownBy(() -> SimpleJsonPath.compile(".spec.tables[*].name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agesReadLikeKubectls() {
        assertThat(PrinterColumns.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(PrinterColumns.humanDuration(Duration.ofSeconds(5 * 60 + 7))).isEqualTo("5m7s");
        assertThat(PrinterColumns.humanDuration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(PrinterColumns.humanDuration(Duration.ofMinutes(5 * 60 + 30))).isEqualTo("5h30m");
        assertThat(PrinterColumns.humanDuration(Duration.ofHours(50))).isEqualTo("2d2h");
        assertThat(PrinterColumns.humanDuration(Duration.ofDays(400))).isEqualTo("400d");
    }

    @Test
    void timeoutIsStrippedAndOtherParametersKept() {
        assertThat(KubectlDispatcher.withoutTimeout("/api?timeout=32s")).isEqualTo("/api");
        assertThat(KubectlDispatcher.withoutTimeout("/apis/x/v1/ys?limit=500&timeout=5s")).isEqualTo("/apis/x/v1/ys?limit=500");
        assertThat(KubectlDispatcher.withoutTimeout("/apis/x/v1/ys?timeoutSeconds=5")).isEqualTo("/apis/x/v1/ys?timeoutSeconds=5");
    }

    @Test
    void tablePrintsLikeKubectl() throws Exception {
        JsonNode crdVersion = JSON.readTree("""
                {"name":"v1alpha1","additionalPrinterColumns":[
                  {"name":"Phase","type":"string","jsonPath":".status.phase"},
                  {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"},
                  {"name":"Message","type":"string","jsonPath":".status.message","priority":1}]}""");
        Instant now = Instant.parse("2025-01-01T00:10:00Z");
        JsonNode object = JSON.readTree("""
                {"metadata":{"name":"nightly","creationTimestamp":"2025-01-01T00:00:00Z"},"status":{"message":"done"}}""");
        JsonNode table = PrinterColumns.fromCrdVersion(crdVersion).table(List.of(object), "1", now);
        assertThat(KubectlTablePrinter.render(List.of(new KubectlTablePrinter.KindTable("syncjob.pgtide.io/", table)), false, "default"))
                .isEqualTo("NAME      PHASE   AGE\nnightly           10m\n");
        assertThat(KubectlTablePrinter.render(List.of(new KubectlTablePrinter.KindTable("syncjob.pgtide.io/", table)), true, "default"))
                .isEqualTo("NAME      PHASE   AGE   MESSAGE\nnightly           10m   done\n");
    }
}
