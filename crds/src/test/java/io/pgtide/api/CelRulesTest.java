package io.pgtide.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.pgtide.api.Manifests.at;
import static io.pgtide.api.Manifests.databaseConnection;
import static io.pgtide.api.Manifests.syncJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluates the CEL rules of the generated CRDs with cel-java against valid and invalid objects. After
 * all tests, every rule of both CRDs must have been seen both passing and failing, so a rule added to
 * the model without a test here fails the build.
 */
class CelRulesTest {
    private static final CelRules SYNC_JOB = new CelRules(Crds.schema(SyncJob.class));
    private static final CelRules CONNECTION = new CelRules(Crds.schema(DatabaseConnection.class));

    @Test
    void theSampleObjectsPassEveryRule() {
        assertThat(SYNC_JOB.validate(syncJob())).isEmpty();
        assertThat(CONNECTION.validate(databaseConnection())).isEmpty();
    }

    // ---- SyncJob ----

    @Test
    void sourceAndTargetMustDiffer() {
        ObjectNode job = syncJob();
        at(job, "/spec/targetRef").put("name", "staging");

        assertThat(SYNC_JOB.validate(job))
                .containsExactly(".spec: sourceRef and targetRef must name different DatabaseConnections");
    }

    @Test
    void tableNamesMustBeUnique() {
        ObjectNode job = syncJob();
        ((ArrayNode) job.at("/spec/tables")).addObject().put("name", "public.products").put("where", "id > 10");

        assertThat(SYNC_JOB.validate(job)).containsExactly(".spec.tables: table names must be unique");
    }

    @Test
    void aTableTakesColumnsOrExcludeColumnsButNotBoth() {
        ObjectNode job = syncJob();
        ObjectNode table = at(job, "/spec/tables/0");
        table.putArray("columns").add("id").add("name");
        assertThat(SYNC_JOB.validate(job)).isEmpty();

        table.putArray("excludeColumns").add("secret");
        assertThat(SYNC_JOB.validate(job))
                .containsExactly(".spec.tables[0]: set either columns or excludeColumns, not both");
    }

    @Test
    void deleteMissingNeedsMerge() {
        ObjectNode job = syncJob();
        at(job, "/spec").put("deleteMissing", true);
        assertThat(SYNC_JOB.validate(job)).as("mode defaults to Merge").isEmpty();

        at(job, "/spec").put("mode", "Append");
        assertThat(SYNC_JOB.validate(job)).containsExactly(".spec: deleteMissing needs mode Merge");

        at(job, "/spec").put("deleteMissing", false);
        assertThat(SYNC_JOB.validate(job)).isEmpty();
    }

    @Test
    void timeoutMustBeAtLeastAMinute() {
        ObjectNode job = syncJob();
        for (String ok : List.of("2h", "1m", "1h30m", "90s", "45m")) {
            at(job, "/spec").put("timeout", ok);
            assertThat(SYNC_JOB.validate(job)).as(ok).isEmpty();
        }
        for (String tooShort : List.of("30s", "59999ms", "0m")) {
            at(job, "/spec").put("timeout", tooShort);
            assertThat(SYNC_JOB.validate(job)).as(tooShort).containsExactly(".spec.timeout: timeout must be at least 1m");
        }
    }

    @Test
    void notificationEmailsMustBeAddresses() {
        ObjectNode job = syncJob();
        ArrayNode email = at(job, "/spec").putObject("notifications").putArray("email");
        email.add("ops@example.com").add("data.team+pgtide@example.co.uk");
        assertThat(SYNC_JOB.validate(job)).isEmpty();

        email.add("not an address");
        assertThat(SYNC_JOB.validate(job))
                .containsExactly(".spec.notifications.email: each notifications.email entry must be an e-mail address");
    }

    @Test
    void sourceTargetAndTablesAreImmutableWhileARunIsActive() {
        for (String active : List.of("Running", "Suspended")) {
            ObjectNode stored = withPhase(syncJob(), active);

            ObjectNode otherTarget = stored.deepCopy();
            at(otherTarget, "/spec/targetRef").put("name", "qa");
            ObjectNode otherSource = stored.deepCopy();
            at(otherSource, "/spec/sourceRef").put("name", "qa");
            ObjectNode moreTables = stored.deepCopy();
            ((ArrayNode) moreTables.at("/spec/tables")).addObject().put("name", "public.prices");
            ObjectNode otherFilter = stored.deepCopy();
            at(otherFilter, "/spec/tables/0").put("where", "price > 0");

            for (ObjectNode changed : List.of(otherTarget, otherSource, moreTables, otherFilter)) {
                assertThat(SYNC_JOB.validate(changed, stored)).as(active + ": " + changed.get("spec"))
                        .singleElement().asString().startsWith("<root>: spec.sourceRef, spec.targetRef and spec.tables"
                                + " cannot change while a run is active");
            }

            ObjectNode suspended = stored.deepCopy();
            at(suspended, "/spec").put("suspend", true).put("parallelism", 4);
            assertThat(SYNC_JOB.validate(suspended, stored)).as("other fields may change while " + active).isEmpty();
        }
    }

    @Test
    void sourceTargetAndTablesMayChangeWhenNoRunIsActive() {
        for (String phase : List.of("Pending", "Blocked", "Queued", "Succeeded", "PartiallySucceeded", "Failed", "RolledBack")) {
            ObjectNode stored = withPhase(syncJob(), phase);
            ObjectNode changed = stored.deepCopy();
            at(changed, "/spec/targetRef").put("name", "qa");
            ((ArrayNode) changed.at("/spec/tables")).addObject().put("name", "public.prices");

            assertThat(SYNC_JOB.validate(changed, stored)).as(phase).isEmpty();
        }
        ObjectNode noStatusYet = syncJob();
        ObjectNode changed = noStatusYet.deepCopy();
        at(changed, "/spec/sourceRef").put("name", "qa");
        assertThat(SYNC_JOB.validate(changed, noStatusYet)).isEmpty();
    }

    private static ObjectNode withPhase(ObjectNode job, String phase) {
        job.putObject("status").put("phase", phase);
        return job;
    }

    // ---- DatabaseConnection ----

    @Test
    void exactlyOneCredentialsSource() {
        ObjectNode both = databaseConnection();
        at(both, "/spec").putObject("urlSecretRef").put("name", "staging-url");
        assertThat(CONNECTION.validate(both))
                .containsExactly(".spec: exactly one of credentialsSecretRef and urlSecretRef must be set");

        ObjectNode neither = databaseConnection();
        at(neither, "/spec").remove("credentialsSecretRef");
        assertThat(CONNECTION.validate(neither))
                .containsExactly(".spec: exactly one of credentialsSecretRef and urlSecretRef must be set");

        ObjectNode urlOnly = Manifests.yaml("""
                apiVersion: pgtide.io/v1alpha1
                kind: DatabaseConnection
                metadata:
                  name: from-url
                spec:
                  urlSecretRef:
                    name: staging-url
                """);
        assertThat(CONNECTION.validate(urlOnly)).isEmpty();
    }

    @Test
    void hostAndDatabaseAreRequiredWithCredentials() {
        ObjectNode noHost = databaseConnection();
        at(noHost, "/spec").remove("host");
        assertThat(CONNECTION.validate(noHost)).containsExactly(".spec: host and database are required with credentialsSecretRef");

        ObjectNode noDatabase = databaseConnection();
        at(noDatabase, "/spec").remove("database");
        assertThat(CONNECTION.validate(noDatabase))
                .containsExactly(".spec: host and database are required with credentialsSecretRef");
    }

    @Test
    void healthCheckTimeoutMustBeShorterThanItsInterval() {
        ObjectNode connection = databaseConnection();
        ObjectNode healthCheck = at(connection, "/spec").putObject("healthCheck");
        healthCheck.put("intervalSeconds", 30);
        assertThat(CONNECTION.validate(connection)).as("timeout defaults to 10").isEmpty();

        healthCheck.put("timeoutSeconds", 30);
        assertThat(CONNECTION.validate(connection))
                .containsExactly(".spec.healthCheck: healthCheck.timeoutSeconds must be less than healthCheck.intervalSeconds");
    }

    @AfterAll
    static void everyRuleWasSeenPassingAndFailing() {
        for (CelRules rules : List.of(SYNC_JOB, CONNECTION)) {
            assertThat(rules.all()).isNotEmpty();
            Map<CelRules.Rule, List<Boolean>> outcomes = rules.outcomes();
            List<String> untested = outcomes.entrySet().stream()
                    .filter(e -> !e.getValue().contains(true) || !e.getValue().contains(false))
                    .map(e -> e.getKey() + " (outcomes seen: " + e.getValue().stream().distinct().collect(Collectors.toList()) + ")")
                    .toList();
            assertThat(untested).as("CEL rules without both a passing and a failing case in CelRulesTest").isEmpty();
        }
    }
}
