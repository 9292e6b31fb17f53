package cn.chainatlas.matchmaking;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A figure of 对接统计 counts each record once with its latest statement, and its 万元 say 未填 (null) when records are
 * counted and none stated a value — not 0.00 万元, which the gap report printed for a 批量供货 stated in 套 only.
 */
class FiguresCellTest {

    @Test
    void aValueIsNullWhenNoCountedRecordStatedOne() {
        MatchmakingFigures.Cell none = new MatchmakingFigures.Cell();
        assertThat(none.figure(true).valueWan()).as("nothing counted: 0").isEqualByComparingTo(BigDecimal.ZERO);

        MatchmakingFigures.Cell quantityOnly = new MatchmakingFigures.Cell();
        quantityOnly.add(7, null);
        assertThat(quantityOnly.figure(true).count()).isEqualTo(1);
        assertThat(quantityOnly.figure(true).valueWan()).as("counted, none stated: 未填").isNull();

        quantityOnly.add(8, new BigDecimal("480"));
        assertThat(quantityOnly.figure(true).valueWan()).isEqualByComparingTo("480");
        quantityOnly.add(8, new BigDecimal("640"));
        assertThat(quantityOnly.figure(true).valueWan()).as("its latest statement").isEqualByComparingTo("640");
        assertThat(quantityOnly.figure(false).valueWan()).isNull();
    }
}
