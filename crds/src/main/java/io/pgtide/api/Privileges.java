package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the connection's role may do, and so which fast paths a sync can take. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Privileges {
    @JsonPropertyDescription("The role may create schemas in the database (checkpoint table in schema pgtide, backups in pgtide_backup).")
    private Boolean createSchema;

    @JsonPropertyDescription("The role is a superuser.")
    private Boolean superuser;

    @JsonPropertyDescription("The role has the REPLICATION attribute.")
    private Boolean replication;

    public Boolean getCreateSchema() {
        return createSchema;
    }

    public void setCreateSchema(Boolean createSchema) {
        this.createSchema = createSchema;
    }

    public Boolean getSuperuser() {
        return superuser;
    }

    public void setSuperuser(Boolean superuser) {
        this.superuser = superuser;
    }

    public Boolean getReplication() {
        return replication;
    }

    public void setReplication(Boolean replication) {
        this.replication = replication;
    }
}
