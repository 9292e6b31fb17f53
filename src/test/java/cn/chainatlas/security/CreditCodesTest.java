package cn.chainatlas.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreditCodesTest {

    @Test
    void acceptsTheDemoLeaderAndRejectsATypo() {
        assertThat(CreditCodes.isValid("91441900MA51LEAD0L")).isTrue();
        assertThat(CreditCodes.isValid("91441900MA51LEAD0K")).isFalse();
        assertThat(CreditCodes.isValid("91441900MA51LEAD0")).isFalse();
        assertThat(CreditCodes.isValid("91441900MA51LEADOL")).isFalse(); // letter O is not in the alphabet
    }

    @Test
    void computesTheCheckCharacter() {
        assertThat(CreditCodes.checkCharacter("91441900MA51LEAD0")).isEqualTo('L');
    }
}
