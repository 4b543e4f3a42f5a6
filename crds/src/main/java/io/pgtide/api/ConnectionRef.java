package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A DatabaseConnection in the SyncJob's namespace. An object rather than a bare name so that a
 * namespace can be added later without breaking manifests.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectionRef {
    @Required
    @Size(max = 253)
    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of the DatabaseConnection.")
    private String name;

    public ConnectionRef() {
    }

    public ConnectionRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
