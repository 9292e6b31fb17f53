package cn.chainatlas.enterprise;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The search index's normal form and bigrams, without a database: a query's bigrams are always among its hits'. */
class SearchGramsTest {

    @Test
    void widthCaseAndAccentsNormaliseAsTheCollationComparesThem() {
        assertThat(SearchGrams.normalise("ＨＮＣ-８４８ Café")).isEqualTo("hnc-848 cafe");
        assertThat(SearchGrams.normalise("精密轴承")).isEqualTo("精密轴承");
        assertThat(SearchGrams.normalise(null)).isEmpty();
    }

    @Test
    void aSubstringsBigramsAreAmongTheTextsWhereverItStands() {
        Set<Integer> text = SearchGrams.of("东莞市昊天精密主轴有限公司", "高速电主轴、HNC-848数控系统");
        for (String q : new String[]{"昊天", "密主", "精密主轴有限", "电主轴、h", "hnc-848", "ＨＮＣ", "有限公司", "数控系统"}) {
            assertThat(text).as(q).containsAll(SearchGrams.query(q));
        }
        // a stretch across name and products is no hit of the LIKE, and the index does not pretend it is
        assertThat(text.containsAll(SearchGrams.query("公司高"))).isFalse();
    }

    @Test
    void oneCharacterIsTooShortAndOnlyTwoIdeographsAreDecidedByTheIndexAlone() {
        assertThat(SearchGrams.query("轴")).isEmpty();
        assertThat(SearchGrams.query("  ")).isEmpty();
        assertThat(SearchGrams.query("轴承")).hasSize(1);
        assertThat(SearchGrams.query("交流伺服电机及驱动器")).hasSize(9);
        assertThat(SearchGrams.exact(" 轴承 ")).isTrue();
        assertThat(SearchGrams.exact("ab")).isFalse();
        assertThat(SearchGrams.exact("电主轴")).isFalse();
    }
}
