package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a PostgreSQL database is and which Secret holds its credentials. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.credentialsSecretRef) != has(self.urlSecretRef)",
        message = "exactly one of credentialsSecretRef and urlSecretRef must be set",
        reason = "FieldValueInvalid")
@ValidationRule(value = "has(self.urlSecretRef) || (has(self.host) && has(self.database))",
        message = "host and database are required with credentialsSecretRef", reason = "FieldValueRequired")
public class DatabaseConnectionSpec {
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Host name or IP address of the PostgreSQL server. Required with credentialsSecretRef;"
            + " with urlSecretRef leave host, port and database out: the URL holds them.")
    private String host;

    @Default("5432")
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("TCP port of the server (default 5432).")
    private Integer port = 5432;

    @Size(min = 1, max = 63)
    @JsonPropertyDescription("Name of the database. Required with credentialsSecretRef.")
    private String database;

    @JsonPropertyDescription("libpq sslmode: disable, allow, prefer, require, verify-ca or verify-full (the driver's default when unset).")
    private SslMode sslMode;

    @JsonPropertyDescription("User name and password from a Secret. Exactly one of credentialsSecretRef and urlSecretRef.")
    private CredentialsSecretRef credentialsSecretRef;

    @JsonPropertyDescription("A whole postgresql://user:password@host:port/database URL from a Secret."
            + " Exactly one of credentialsSecretRef and urlSecretRef.")
    private UrlSecretRef urlSecretRef;

    @Default("Development")
    @JsonPropertyDescription("Development, Staging or Production (default Development). A SyncJob writing to a Production"
            + " connection needs spec.productionConfirmation equal to this connection's name.")
    private Environment environment = Environment.Development;

    @JsonPropertyDescription("When true the connection may only be a sync source, never a target.")
    private Boolean readOnly;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Most connections a runner opens to this database at once.")
    private Integer maxConnections;

    @JsonPropertyDescription("Periodic health check (defaults: every 60 s, 10 s timeout).")
    private HealthCheck healthCheck;

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public SslMode getSslMode() {
        return sslMode;
    }

    public void setSslMode(SslMode sslMode) {
        this.sslMode = sslMode;
    }

    public CredentialsSecretRef getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(CredentialsSecretRef credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public UrlSecretRef getUrlSecretRef() {
        return urlSecretRef;
    }

    public void setUrlSecretRef(UrlSecretRef urlSecretRef) {
        this.urlSecretRef = urlSecretRef;
    }

    public Environment getEnvironment() {
        return environment;
    }

    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    public Boolean getReadOnly() {
        return readOnly;
    }

    public void setReadOnly(Boolean readOnly) {
        this.readOnly = readOnly;
    }

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }
}
