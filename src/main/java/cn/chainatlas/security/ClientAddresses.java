package cn.chainatlas.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The address a login comes from, for throttling: the connection's own address; {@code X-Forwarded-For} only when
 * the connection comes from a proxy listed in {@code chainatlas.login.trusted-proxies} (comma-separated addresses,
 * e.g. the bureau's reverse proxy). Then the right-most entry that is not itself a trusted proxy counts: anything
 * left of it was written by the client and could be anything.
 */
@Singleton
public final class ClientAddresses {

    private final Set<String> trusted;

    ClientAddresses(@Value("${chainatlas.login.trusted-proxies:}") String trustedProxies) {
        this.trusted = Arrays.stream(trustedProxies.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public String of(@Nullable HttpRequest<?> request) {
        if (request == null) {
            return "unknown";
        }
        InetSocketAddress remote = request.getRemoteAddress();
        String connection = remote == null ? "unknown"
                : remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return resolve(connection, request.getHeaders().getAll("X-Forwarded-For").toArray(String[]::new));
    }

    String resolve(String connection, String... forwardedFor) {
        if (!trusted.contains(connection) || forwardedFor.length == 0) {
            return connection;
        }
        String[] hops = String.join(",", forwardedFor).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop.length() > 64 ? hop.substring(0, 64) : hop;
            }
        }
        return connection;
    }
}
