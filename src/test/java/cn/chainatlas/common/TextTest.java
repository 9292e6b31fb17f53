package cn.chainatlas.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @Test
    void foldsFullWidthFormsAndCollapsesSpaces() {
        assertThat(Text.fold("ＡＢＣ１２３")).isEqualTo("ABC123");
        assertThat(Text.fold("  数控  机床  ")).isEqualTo("数控 机床");
        assertThat(Text.fold("\u3000东莞\u3000")).isEqualTo("东莞");
        assertThat(Text.fold("a\tb")).isEqualTo("a b");
        assertThat(Text.fold("a\u00A0b")).isEqualTo("a b");
        assertThat(Text.fold("a b ")).isEqualTo("a b");
        assertThat(Text.fold("a\u200Bb")).isEqualTo("ab");
        assertThat(Text.fold("")).isNull();
        assertThat(Text.fold(" \u3000 ")).isNull();
        assertThat(Text.fold(null)).isNull();
    }

    @Test
    void textWithNothingToFoldComesBackAsItIs() {
        String plain = "广州数控设备有限公司 HNC-848";
        assertThat(Text.fold(plain)).isSameAs(plain);
        assertThat(Text.key(plain)).isEqualTo("广州数控设备有限公司hnc-848");
    }
}
