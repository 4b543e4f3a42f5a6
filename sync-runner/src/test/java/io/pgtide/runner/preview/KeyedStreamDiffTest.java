package io.pgtide.runner.preview;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java side of the merge join must order text exactly as PostgreSQL orders its UTF-8 bytes. */
class KeyedStreamDiffTest {
    @Test
    void textOrderIsUtf8ByteOrderIncludingCharactersAboveTheBasicPlane() {
        List<String> words = new ArrayList<>(List.of("", "10", "9", "100", "a", "B", "b", "é", "ｚ", "\uD83D\uDE00",
                "\uFFFD", "\uE000", "a\uD83D\uDE00", "a\uFFFF", "Z", "-1", "+1", "a b"));
        List<String> byJava = new ArrayList<>(words);
        byJava.sort(KeyedStreamDiff::compareText);
        List<String> byBytes = new ArrayList<>(words);
        byBytes.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertThat(byJava).isEqualTo(byBytes);
        // String.compareTo would put the emoji (a surrogate pair) before U+FFFD; UTF-8 puts it after.
        assertThat(KeyedStreamDiff.compareText("\uD83D\uDE00", "\uFFFD")).isPositive();
    }

    @Test
    void mergeJoinClassifiesKeysAndPutsNullLast() throws Exception {
        List<String> seen = new ArrayList<>();
        KeyedStreamDiff.run(stream(new String[][]{{"1", "a"}, {"2", "a"}, {"3", "a"}, {null, "a"}}),
                stream(new String[][]{{"0", "b"}, {"2", "a"}, {"3", "x"}, {null, "a"}}),
                new KeyedStreamDiff.Visitor() {
                    @Override
                    public void sourceOnly(KeyedStreamDiff.Row s) {
                        seen.add("+" + s.key()[0]);
                    }

                    @Override
                    public void matched(KeyedStreamDiff.Row s, KeyedStreamDiff.Row t) {
                        seen.add((s.hash().equals(t.hash()) ? "=" : "~") + s.key()[0]);
                    }

                    @Override
                    public void targetOnly(KeyedStreamDiff.Row t) {
                        seen.add("-" + t.key()[0]);
                    }
                });
        // NULL keys never match (SQL's = does not), so they are a source-only and a target-only row.
        assertThat(seen).containsExactly("-0", "+1", "=2", "~3", "+null", "-null");
    }

    private static KeyedStreamDiff.RowStream stream(String[][] rows) {
        int[] i = {0};
        return () -> i[0] < rows.length ? new KeyedStreamDiff.Row(new String[]{rows[i[0]][0]}, rows[i[0]++][1], true) : null;
    }
}
