package cn.chainatlas.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreditCodeTest {

    @Test
    void acceptsTheDemoLeaderAndRejectsATypo() {
        assertThat(CreditCode.check("91441900MA51LEAD0L")).isEqualTo(CreditCode.Problem.NONE);
        assertThat(CreditCode.check("91441900MA51LEAD0K")).isEqualTo(CreditCode.Problem.CHECK);
        assertThat(CreditCode.check("91441900MA51LEAD0")).isEqualTo(CreditCode.Problem.FORMAT);
        // letter O is not in the alphabet
        assertThat(CreditCode.check("91441900MA51LEADOL")).isEqualTo(CreditCode.Problem.FORMAT);
    }

    @Test
    void computesTheCheckCharacter() {
        assertThat(CreditCode.checkChar("91441900MA51LEAD0")).isEqualTo('L');
    }
}
