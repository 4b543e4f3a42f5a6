package io.pgtide.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pgtide.api.Manifests.at;
import static io.pgtide.api.Manifests.databaseConnection;
import static io.pgtide.api.Manifests.syncJob;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI constraints of the generated CRDs: ranges, sizes, formats, enums and unknown fields. */
class SchemaConstraintsTest {
    private static final SchemaValidator SYNC_JOB = new SchemaValidator(Crds.schema(SyncJob.class));
    private static final SchemaValidator CONNECTION = new SchemaValidator(Crds.schema(DatabaseConnection.class));

    @Test
    void theSampleObjectsAreValid() {
        assertThat(SYNC_JOB.validate(syncJob())).isEmpty();
        assertThat(CONNECTION.validate(databaseConnection())).isEmpty();
    }

    @Test
    void oneToFiftyTables() {
        ObjectNode job = syncJob();
        ArrayNode tables = at(job, "/spec").putArray("tables");
        assertThat(SYNC_JOB.validate(job)).singleElement().asString().contains("/spec/tables");

        for (int i = 1; i <= 50; i++) {
            tables.addObject().put("name", "public.t" + i);
        }
        assertThat(SYNC_JOB.validate(job)).isEmpty();

        tables.addObject().put("name", "public.t51");
        assertThat(SYNC_JOB.validate(job)).singleElement().asString().contains("/spec/tables");
    }

    @Test
    void requiredFields() {
        for (String field : List.of("sourceRef", "targetRef", "tables")) {
            ObjectNode job = syncJob();
            at(job, "/spec").remove(field);
            assertThat(SYNC_JOB.validate(job)).as(field).singleElement().asString().contains(field);
        }
    }

    @Test
    void syncJobRanges() {
        assertRange("parallelism", 1, 16);
        assertRange("checkpointEveryRows", 1000, 10_000_000);
    }

    private static void assertRange(String field, long min, long max) {
        for (long ok : List.of(min, max)) {
            ObjectNode job = syncJob();
            at(job, "/spec").put(field, ok);
            assertThat(SYNC_JOB.validate(job)).as(field + "=" + ok).isEmpty();
        }
        for (long bad : List.of(min - 1, max + 1)) {
            ObjectNode job = syncJob();
            at(job, "/spec").put(field, bad);
            assertThat(SYNC_JOB.validate(job)).as(field + "=" + bad).singleElement().asString().contains("/spec/" + field);
        }
    }

    @Test
    void portRange() {
        for (int ok : List.of(1, 5432, 65535)) {
            ObjectNode connection = databaseConnection();
            at(connection, "/spec").put("port", ok);
            assertThat(CONNECTION.validate(connection)).as("port " + ok).isEmpty();
        }
        for (int bad : List.of(0, 65536)) {
            ObjectNode connection = databaseConnection();
            at(connection, "/spec").put("port", bad);
            assertThat(CONNECTION.validate(connection)).as("port " + bad).singleElement().asString().contains("/spec/port");
        }
    }

    @Test
    void timeoutFormat() {
        for (String bad : List.of("2 hours", "PT2H", "1d", "-1h", "")) {
            ObjectNode job = syncJob();
            at(job, "/spec").put("timeout", bad);
            assertThat(SYNC_JOB.validate(job)).as(bad).singleElement().asString().contains("/spec/timeout");
        }
    }

    @Test
    void tableNames() {
        for (String ok : List.of("orders", "sales.orders", "\"Sales\".\"Order Items\"", "\"a\"\"b\".c")) {
            ObjectNode job = syncJob();
            at(job, "/spec/tables/0").put("name", ok);
            assertThat(SYNC_JOB.validate(job)).as(ok).isEmpty();
        }
        for (String bad : List.of("a.b.c", "two words", "\"unclosed", "sales.")) {
            ObjectNode job = syncJob();
            at(job, "/spec/tables/0").put("name", bad);
            assertThat(SYNC_JOB.validate(job)).as(bad).singleElement().asString().contains("/spec/tables/0/name");
        }
    }

    @Test
    void schedules() {
        for (String ok : List.of("0 3 * * *", "*/15 * * * 1-5", "@daily")) {
            ObjectNode job = syncJob();
            at(job, "/spec").put("schedule", ok);
            assertThat(SYNC_JOB.validate(job)).as(ok).isEmpty();
        }
        for (String bad : List.of("daily", "0 3 * *", "@sometimes")) {
            ObjectNode job = syncJob();
            at(job, "/spec").put("schedule", bad);
            assertThat(SYNC_JOB.validate(job)).as(bad).singleElement().asString().contains("/spec/schedule");
        }
    }

    @Test
    void enumsAreSpelledAsDocumented() {
        ObjectNode job = syncJob();
        at(job, "/spec").put("mode", "merge");
        assertThat(SYNC_JOB.validate(job)).singleElement().asString().contains("/spec/mode");

        ObjectNode connection = databaseConnection();
        at(connection, "/spec").put("sslMode", "verify-full").put("environment", "Production");
        assertThat(CONNECTION.validate(connection)).isEmpty();
        at(connection, "/spec").put("sslMode", "VERIFY_FULL");
        assertThat(CONNECTION.validate(connection)).singleElement().asString().contains("/spec/sslMode");
    }

    @Test
    void unknownFieldsAreRejectedLikeKubectlApplyDoes() {
        ObjectNode job = syncJob();
        at(job, "/spec/tables/0").put("filter", "id > 1");
        assertThat(SYNC_JOB.validate(job)).singleElement().asString().contains("filter");
    }

    @Test
    void secretNamesAreObjectNames() {
        ObjectNode connection = databaseConnection();
        at(connection, "/spec/credentialsSecretRef").put("name", "Not_A_Name");
        assertThat(CONNECTION.validate(connection)).singleElement().asString().contains("/spec/credentialsSecretRef/name");
    }
}
