package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The small rules of logins, without a server. */
class LoginPartsTest {

    @Test
    void forwardedForCountsOnlyFromATrustedProxy() {
        ClientAddresses none = new ClientAddresses("");
        assertThat(none.resolve("203.0.113.7", "10.0.0.1")).isEqualTo("203.0.113.7");
        ClientAddresses proxy = new ClientAddresses("192.0.2.1, 192.0.2.2");
        assertThat(proxy.resolve("203.0.113.7", "10.0.0.1")).as("not from the proxy").isEqualTo("203.0.113.7");
        assertThat(proxy.resolve("192.0.2.1", "10.0.0.1")).isEqualTo("10.0.0.1");
        // a client writes what it likes left of the proxies' own entries: the right-most untrusted hop counts
        assertThat(proxy.resolve("192.0.2.1", "1.2.3.4, 10.0.0.1, 192.0.2.2")).isEqualTo("10.0.0.1");
        assertThat(proxy.resolve("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void pausesGrowAndStopAtThirtySeconds() {
        LoginThrottle throttle = new LoginThrottle(400, 30_000);
        assertThat(throttle.delayMillis(1)).isEqualTo(400);
        assertThat(throttle.delayMillis(2)).isEqualTo(800);
        assertThat(throttle.delayMillis(5)).isEqualTo(6400);
        assertThat(throttle.delayMillis(8)).isEqualTo(30_000);
        assertThat(throttle.delayMillis(100)).isEqualTo(30_000);
        // a try right after another from the same name and address waits; another address or name does not
        assertThat(throttle.enter("Typo", "10.0.0.1")).isZero();
        assertThat(throttle.enter("typo", "10.0.0.1")).isPositive();
        assertThat(throttle.enter("typo", "10.0.0.2")).isZero();
        assertThat(throttle.enter("colleague", "10.0.0.1")).isZero();
        throttle.succeeded("typo", "10.0.0.1");
        assertThat(throttle.enter("typo", "10.0.0.1")).isZero();
    }

    @Test
    void aBasicCheckThatRanAcrossALockIsNotRemembered() {
        BasicCredentialCache cache = new BasicCredentialCache(30);
        UserAccount account = new UserAccount(1, "racer", "", null, Role.PROVINCE, null, null, true, 0, null);
        long before = cache.generation("racer");
        cache.remember("racer", "pw-1", account, before);
        assertThat(cache.find("Racer", "pw-1")).isPresent();
        assertThat(cache.find("racer", "other")).isEmpty();
        // a check starts, the account is locked (forgotten) while bcrypt runs, the check then succeeds
        long started = cache.generation("racer");
        cache.forget("racer");
        assertThat(cache.find("racer", "pw-1")).isEmpty();
        cache.remember("racer", "pw-1", account, started);
        assertThat(cache.find("racer", "pw-1")).as("a success from before the lock must not outlive it").isEmpty();
        cache.remember("racer", "pw-1", account, cache.generation("racer"));
        assertThat(cache.find("racer", "pw-1")).isPresent();
    }

    @Test
    void theCsrfCookieIsAHostCookieOverHttps() {
        Cookie secure = CsrfProtection.cookie("t".repeat(43), true, 28800);
        assertThat(secure.getName()).isEqualTo("__Host-CSRF");
        assertThat(secure.isSecure()).isTrue();
        assertThat(secure.getPath()).isEqualTo("/");
        assertThat(secure.getDomain()).isNull();
        assertThat(secure.getSameSite()).contains(SameSite.Strict);
        Cookie plain = CsrfProtection.cookie("t".repeat(43), false, 28800);
        assertThat(plain.getName()).isEqualTo("CSRF");
        assertThat(plain.isSecure()).isFalse();
    }

    @Test
    void thePasswordRuleRefusesTheCommonAndTrivial() {
        assertThat(PasswordRule.problem("Kettle-Orbit-Lantern-42", "someone", null)).isEmpty();
        assertThat(PasswordRule.problem(DemoAccounts.PASSWORD, "dongguan", "东莞市工业和信息化局（演示）")).isEmpty();
        assertThat(PasswordRule.problem("Short-1a", "someone", null)).get().asString().contains("至少 10 位");
        assertThat(PasswordRule.problem("someone-Orbit-42", "someone", null)).get().asString().contains("用户名");
        assertThat(PasswordRule.problem("  abc      ", "someone", null)).isPresent();
        assertThat(PasswordRule.problem("1qaz2wsx3edc", "someone", null)).get().asString().contains("常见");
    }
}
