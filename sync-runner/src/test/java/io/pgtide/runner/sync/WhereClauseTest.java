package io.pgtide.runner.sync;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class WhereClauseTest {
    @ParameterizedTest
    @ValueSource(strings = {"id > 3", "status = 'a;b' AND (x IS NULL OR y IN (1, 2))", "\"Weird;Col\" = 'it''s'",
            "created_at > now() - interval '7 days'"})
    void singleExpressionsPass(String where) {
        assertThat(WhereClause.lexicalProblem(where)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1=1; DROP TABLE x", "id > 1 -- comment", "id > 1 /* c */", "(a", "a)", "x = 'open",
            "x = $$a$$", "1=1) OR (1=1"})
    void anythingThatCouldEndTheStatementFails(String where) {
        assertThat(WhereClause.lexicalProblem(where)).isNotNull();
    }
}
