package io.pgtide.runner.job;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sync --spec syncjob.yaml}: a SyncJob manifest run from the command line against real PostgreSQL. */
class SpecFileTest {
    private static final String SCHEMA = """
            CREATE SCHEMA sales;
            CREATE TABLE sales.customers (id int PRIMARY KEY, name text NOT NULL, note text);
            CREATE TABLE sales.orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES sales.customers,
                                       total numeric(10,2) NOT NULL);
            """;

    @TempDir
    Path dir;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("spec_src");
        target = TestPostgres.primary().createDatabase("spec_tgt");
        source.execute(SCHEMA + """
                INSERT INTO sales.customers SELECT g, 'c' || g, 'private ' || g FROM generate_series(1, 300) g;
                INSERT INTO sales.orders SELECT g, 1 + g % 300, g * 1.5 FROM generate_series(1, 5000) g;
                """);
        target.execute(SCHEMA + "INSERT INTO sales.customers VALUES (999, 'target only', NULL);");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void runsTheManifestsTablesWithItsSettingsAndResumesUnderItsName() throws Exception {
        // Other documents in the file (a Secret, say) are skipped; the tables are listed children
        // first, the runner orders them by their foreign keys.
        Path manifest = write("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: shop-credentials
                stringData:
                  username: sync
                ---
                apiVersion: pgtide.io/v1alpha1
                kind: SyncJob
                metadata:
                  name: copy-sales
                  namespace: shop
                spec:
                  sourceRef:
                    name: staging
                  targetRef:
                    name: dev
                  backup:
                    policy: Disabled
                  deleteMissing: true
                  checkpointEveryRows: 1000
                  parallelism: 1
                  tables:
                    - name: sales.orders
                      where: total >= 1500
                    - name: sales.customers
                      excludeColumns: [note]
                """);

        Cli.Result r = Cli.run(Cli.syncArgs(source, target, "--spec", manifest.toString()).toArray(String[]::new));

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("job syncjob/shop/copy-sales");
        assertThat(target.checksum("sales.orders", "id"))
                .isEqualTo(source.queryString("SELECT count(*) || ':' || md5(string_agg(t::text, E'\\n' ORDER BY id))"
                        + " FROM sales.orders t WHERE total >= 1500"));
        assertThat(target.checksum("sales.customers", "id"))
                .isEqualTo(source.checksum("(SELECT id, name, NULL::text AS note FROM sales.customers)", "id"));
        // deleteMissing removed the target-only customer.
        assertThat(target.queryLong("SELECT count(*) FROM sales.customers WHERE id = 999")).isZero();
        // The run's checkpoints were kept under the SyncJob's identity and cleared at the end.
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isZero();
    }

    @Test
    void aDryRunManifestPreviewsAndWritesNothing() throws Exception {
        Path manifest = write("""
                apiVersion: pgtide.io/v1alpha1
                kind: SyncJob
                metadata:
                  name: preview-sales
                spec:
                  sourceRef: {name: staging}
                  targetRef: {name: dev}
                  dryRun: true
                  deleteMissing: true
                  tables:
                    - name: sales.customers
                """);
        String before = target.checksum("sales.customers", "id");

        Cli.Result r = Cli.run(Cli.syncArgs(source, target, "--spec", manifest.toString()).toArray(String[]::new));

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("dryRun: true, so this is a preview")
                .contains("Preview: +300 ~0 -1 =0 in 1 table").contains("sales.customers delete: 999");
        assertThat(target.checksum("sales.customers", "id")).isEqualTo(before);
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();
    }

    @Test
    void rateOptionsCannotBeCombinedWithASpec() throws Exception {
        Path manifest = write("""
                apiVersion: pgtide.io/v1alpha1
                kind: SyncJob
                metadata:
                  name: copy-sales
                spec:
                  sourceRef: {name: staging}
                  targetRef: {name: dev}
                  rateLimit: {maxRowsPerSecond: 1000}
                  tables:
                    - name: sales.customers
                """);
        String before = target.checksum("sales.customers", "id");

        Cli.Result r = Cli.run(Cli.syncArgs(source, target, "--spec", manifest.toString(), "--max-rows-per-second", "10",
                "--adaptive-rate").toArray(String[]::new));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--max-rows-per-second, --adaptive-rate cannot be combined with --spec");
        assertThat(target.checksum("sales.customers", "id")).isEqualTo(before);
    }

    @Test
    void aFileWithoutASyncJobIsAClearError() throws Exception {
        Path manifest = write("""
                apiVersion: pgtide.io/v1alpha1
                kind: DatabaseConnection
                metadata:
                  name: staging
                spec:
                  host: db
                  database: shop
                """);

        Cli.Result r = Cli.run(Cli.syncArgs(source, target, "--spec", manifest.toString()).toArray(String[]::new));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("holds 0 SyncJob objects");
    }

    @Test
    void aFileThatDoesNotParseIsAClearErrorThatQuotesNothingFromIt() throws Exception {
        // A Secret given by mistake, and not even valid: the parser's message quotes the bad token.
        Path manifest = write("{\"kind\": \"Secret\", \"stringData\": {\"password\": topsecret}}");

        Cli.Result r = Cli.run(Cli.syncArgs(source, target, "--spec", manifest.toString()).toArray(String[]::new));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is not valid YAML or JSON").doesNotContain("topsecret");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("syncjob.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
