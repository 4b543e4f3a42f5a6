package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A user name and a password, each under a key of a Secret in the connection's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CredentialsSecretRef {
    @Required
    @Size(max = 253)
    @Pattern(ApiPatterns.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of the Secret, in the same namespace.")
    private String name;

    @Default("username")
    @Size(max = 253)
    @Pattern(ApiPatterns.SECRET_KEY)
    @JsonPropertyDescription("Key of the user name in the Secret (default: username).")
    private String usernameKey = "username";

    @Default("password")
    @Size(max = 253)
    @Pattern(ApiPatterns.SECRET_KEY)
    @JsonPropertyDescription("Key of the password in the Secret (default: password).")
    private String passwordKey = "password";

    public CredentialsSecretRef() {
    }

    public CredentialsSecretRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getUsernameKey() {
        return usernameKey;
    }

    public void setUsernameKey(String usernameKey) {
        this.usernameKey = usernameKey;
    }

    public String getPasswordKey() {
        return passwordKey;
    }

    public void setPasswordKey(String passwordKey) {
        this.passwordKey = passwordKey;
    }
}
