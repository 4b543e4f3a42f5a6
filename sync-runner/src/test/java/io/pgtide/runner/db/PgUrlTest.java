package io.pgtide.runner.db;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgUrlTest {
    @Test
    void parsesAllPartsAndDecodesThem() {
        PgUrl url = PgUrl.parse("source", "postgresql://app%40corp:p%3Ass%2Fw@db.example.com:6543/my%20db?sslmode=require&connectTimeout=3", null);
        assertThat(url.host()).isEqualTo("db.example.com");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(url.database()).isEqualTo("my db");
        assertThat(url.user()).isEqualTo("app@corp");
        assertThat(url.password()).isEqualTo("p:ss/w");
        assertThat(url.parameters()).containsEntry("sslmode", "require").containsEntry("connectTimeout", "3");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/my%20db");
    }

    @Test
    void acceptsJdbcFormWithCredentialsAsParameters() {
        PgUrl url = PgUrl.parse("target", "jdbc:postgresql://localhost/shop?user=writer&password=secret", null);
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.user()).isEqualTo("writer");
        assertThat(url.password()).isEqualTo("secret");
        assertThat(url.parameters()).doesNotContainKeys("user", "password");
    }

    @Test
    void passwordFromEnvironmentOnlyWhenUrlHasNone() {
        assertThat(PgUrl.parse("source", "postgresql://u@h/db", "fromenv").password()).isEqualTo("fromenv");
        assertThat(PgUrl.parse("source", "postgresql://u:inurl@h/db", "fromenv").password()).isEqualTo("inurl");
    }

    @Test
    void toStringNeverShowsThePassword() {
        PgUrl url = PgUrl.parse("source", "postgresql://u:topsecret@h:5432/db", null);
        assertThat(url.toString()).doesNotContain("topsecret").isEqualTo("postgresql://u@h:5432/db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "postgresql//h/db", "http://u@h/db", "postgresql://u@h", "postgresql://u@h/",
            "postgresql://@h/db", "postgresql://u@h:99999/db", "postgresql://u@h/db?sslmode=sometimes", "postgresql://u@/db"})
    void malformedUrlsAreBadInputWithAReadableMessage(String text) {
        assertThatThrownBy(() -> PgUrl.parse("source", text, null))
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageContaining("--source URL")
                .hasMessageContaining("postgresql://USER");
    }

    @Test
    void errorMessagesMaskPasswords() {
        assertThatThrownBy(() -> PgUrl.parse("target", "postgresql://u:hunter2@h:70000/db", null))
                .hasMessageNotContaining("hunter2");
        assertThat(PgUrl.redact("jdbc:postgresql://h/db?user=u&password=hunter2")).doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://u:pass word@h/db", "postgresql://u:pa'ss@h/", "postgresql://u:p@ss w\"d@h:99999/db",
            "postgresql://u@h/db?sslmode=bogus&password=a\"b", "postgresql://u@h/db?password=a b&sslmode=bogus",
            "postgresql://u@h/db?sslmode=bogus&pass%77ord=ab"})
    void malformedUrlMessagesShowNoPartOfThePassword(String text) {
        assertThatThrownBy(() -> PgUrl.parse("target", text, null))
                .isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pass word", "pa'ss", "p@ss", "ss w", "a\"b", "a b", "ab'")
                        .contains("--target URL"));
    }

    @Test
    void redactHidesPasswordsWithBlanksQuotesAndEncodedNames() {
        assertThat(PgUrl.redact("Unknown option: '--targt=postgresql://app:my secret pw@db.prod/app'"))
                .doesNotContain("my secret pw").contains("db.prod/app");
        assertThat(PgUrl.redact("url postgresql://app:it's@db/app?sslmode=require")).doesNotContain("it's");
        assertThat(PgUrl.redact("jdbc:postgresql://h/db?user=u&pass%77ord=hunter2")).doesNotContain("hunter2");
        assertThat(PgUrl.redact("jdbc:postgresql://h/db?PASSWORD=a b")).doesNotContain("a b");
    }
}
