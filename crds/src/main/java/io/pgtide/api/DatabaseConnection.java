package io.pgtide.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A PostgreSQL database that SyncJobs in the same namespace read from or write to. */
@Group(DatabaseConnection.GROUP)
@Version(DatabaseConnection.VERSION)
@Kind("DatabaseConnection")
@Singular("databaseconnection")
@Plural("databaseconnections")
@ShortNames("dbconn")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Host", jsonPath = ".spec.host", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Database", jsonPath = ".spec.database", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Environment", jsonPath = ".spec.environment", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.serverVersion", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "Latency", jsonPath = ".status.latencyMillis", type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1, getDescription = "Round trip of the last successful check in milliseconds")
public class DatabaseConnection extends CustomResource<DatabaseConnectionSpec, DatabaseConnectionStatus>
        implements Namespaced {
    public static final String GROUP = "pgtide.io";
    public static final String VERSION = "v1alpha1";
}
