package io.pgtide.runner.sync;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CopyTextTest {
    private static byte[] row(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsOnTabsAndDecodesEscapes() {
        assertThat(CopyText.split(row("1\ta\\tb\\nc\\\\d\t\\N\tü表"))).containsExactly("1", "a\tb\nc\\d", null, "ü表");
    }

    @Test
    void decodesOctalAndHexEscapesAsBytes() {
        assertThat(CopyText.split(row("\\101\\x42\\303\\274"))).containsExactly("ABü");
    }

    @Test
    void emptyStringIsNotNull() {
        assertThat(CopyText.split(row("\t"))).containsExactly("", "");
    }

    @Test
    void picksKeyFieldsByPosition() {
        assertThat(CopyText.fields(row("x\t42\tEU"), new int[]{2, 1})).containsExactly("EU", "42");
        assertThat(Arrays.asList(CopyText.fields(row("a\t\\N"), new int[]{1}).toArray())).containsExactly((Object) null);
    }
}
