package cn.chainatlas.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.inject.Singleton;

/** bcrypt (cost 10) through at.favre.lib:bcrypt, a small, maintained implementation without native code. */
@Singleton
public final class PasswordHasher {

    private static final int COST = 10;
    // checked against when the user does not exist, so a wrong name costs as long as a wrong password
    private static final String DUMMY = BCrypt.withDefaults().hashToString(COST, "dummy-password".toCharArray());

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(password.toCharArray(), hash == null ? DUMMY : hash).verified && hash != null;
    }
}
