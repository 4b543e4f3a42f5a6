package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A whole {@code postgresql://user:password@host:port/db} URL under a key of a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UrlSecretRef {
    @Required
    @Size(max = 253)
    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of the Secret, in the same namespace.")
    private String name;

    @Default("url")
    @Size(max = 253)
    @Pattern(ApiPatterns.SECRET_KEY)
    @JsonPropertyDescription("Key of the URL in the Secret (default: url).")
    private String key = "url";

    public UrlSecretRef() {
    }

    public UrlSecretRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
