package cn.chainatlas.security;

import cn.chainatlas.common.BadInput;

import com.nulabinc.zxcvbn.Zxcvbn;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a new password must be: at least {@value #MIN_LENGTH} characters, at most 72 bytes (bcrypt reads no more),
 * not the username, and not guessable: zxcvbn4j scores it against lists of common passwords, names and words,
 * keyboard walks ("qwertyuiop"), repeats, sequences and dates, together with the user's own name and the
 * platform's; a score under {@value #MIN_SCORE} of 4 is refused. Applies to new passwords only: existing ones keep
 * working until they are changed.
 */
public final class PasswordRule {

    public static final int MIN_LENGTH = 10;
    static final int MIN_SCORE = 3;

    private PasswordRule() {
    }

    /** The Chinese reason the password is refused, or empty when it is fine. */
    public static Optional<String> problem(@Nullable String password, @Nullable String username,
                                           @Nullable String displayName) {
        if (password == null || password.isBlank()) {
            return Optional.of("密码不能为空，也不能只有空格");
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("密码至少 " + MIN_LENGTH + " 位");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            return Optional.of("密码过长（最多 72 字节）");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("密码不能包含用户名");
        }
        if (password.strip().length() < MIN_LENGTH || password.chars().distinct().count() < 4) {
            return Optional.of("密码过于简单：请不要用空格凑长度或重复同一个字符");
        }
        List<String> hints = new ArrayList<>(List.of("chainatlas", "atlas", "chanyelian", "guangdong", "gongxin"));
        if (username != null) {
            hints.add(username);
        }
        if (displayName != null) {
            hints.add(displayName);
        }
        if (new Zxcvbn().measure(password, hints).getScore() < MIN_SCORE) {
            return Optional.of("密码太常见或太容易猜到（如 12345678、password、键盘连续键、重复字符、单词加年份），"
                    + "请换一个：例如 3 个不相关的词加数字");
        }
        return Optional.empty();
    }

    static void require(@Nullable String password, @Nullable String username, @Nullable String displayName,
                        String field) {
        problem(password, username, displayName).ifPresent(message -> {
            throw new BadInput(field, message);
        });
    }
}
