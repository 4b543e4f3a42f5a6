package io.pgtide.runner.schema;

import io.pgtide.runner.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableRefTest {
    @Test
    void defaultsToPublicSchema() {
        assertThat(TableRef.parse("orders").candidates()).containsExactly(new TableName("public", "orders"));
    }

    @Test
    void quotedPartsAreExactAndMayHoldDotsQuotesAndSpaces() {
        TableRef ref = TableRef.parse("\"Sales.EU\".\"Order \"\"Items\"\"\"");
        assertThat(ref.candidates()).containsExactly(new TableName("Sales.EU", "Order \"Items\""));
        assertThat(ref.toString()).isEqualTo("\"Sales.EU\".\"Order \"\"Items\"\"\"");
    }

    @Test
    void unquotedMixedCaseTriesExactThenLowerCase() {
        assertThat(TableRef.parse("Sales.Orders").candidates()).containsExactly(
                new TableName("Sales", "Orders"), new TableName("Sales", "orders"),
                new TableName("sales", "Orders"), new TableName("sales", "orders"));
    }

    @Test
    void displayQuotesOnlyWhenNeeded() {
        assertThat(new TableName("public", "orders").display()).isEqualTo("public.orders");
        assertThat(new TableName("public", "Ünïcödé 表").display()).isEqualTo("public.\"Ünïcödé 表\"");
        assertThat(new TableName("my schema", "t").sql()).isEqualTo("\"my schema\".\"t\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b.c", "\"unclosed", "a.", ".b", "a\"b\".c"})
    void invalidNamesAreRejected(String text) {
        assertThatThrownBy(() -> TableRef.parse(text)).isInstanceOf(UserError.class).hasMessageContaining("schema.table");
    }

    @Test
    void sameTableTypedTwoWaysIsTheSameRef() {
        assertThat(List.of(TableRef.parse("public.orders").toString(), TableRef.parse("orders").toString()))
                .containsOnly("public.orders");
    }
}
