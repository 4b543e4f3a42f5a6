package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** libpq's sslmode values, spelled as libpq and PgJDBC spell them. */
public enum SslMode {
    @JsonProperty("disable") DISABLE,
    @JsonProperty("allow") ALLOW,
    @JsonProperty("prefer") PREFER,
    @JsonProperty("require") REQUIRE,
    @JsonProperty("verify-ca") VERIFY_CA,
    @JsonProperty("verify-full") VERIFY_FULL
}
