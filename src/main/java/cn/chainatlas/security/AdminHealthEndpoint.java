package cn.chainatlas.security;

import cn.chainatlas.common.Role;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import io.micronaut.security.authentication.Authentication;

import java.security.Principal;

/**
 * {@code /health} for everyone, its details (the database's JDBC URL, host and port, disk and thread figures) for
 * administrators only: Micronaut's own choices are anyone, anyone logged in, or no one
 * ({@code endpoints.health.details-visible}, set to AUTHENTICATED), and a city or chain-leader account has no
 * business with the database's address either.
 */
@Endpoint(value = HealthEndpoint.NAME, defaultSensitive = HealthEndpoint.DEFAULT_SENSITIVE)
@Replaces(HealthEndpoint.class)
public class AdminHealthEndpoint extends HealthEndpoint {

    public AdminHealthEndpoint(HealthAggregator<HealthResult> healthAggregator, HealthIndicator[] healthIndicators,
                               @Liveness HealthIndicator[] livenessHealthIndicators) {
        super(healthAggregator, healthIndicators, livenessHealthIndicators);
    }

    @Override
    protected HealthLevelOfDetail levelOfDetail(@Nullable Principal principal) {
        boolean admin = principal instanceof Authentication authentication
                && Role.ADMIN.name().equals(String.valueOf(authentication.getAttributes().get(Actors.ATTR_ROLE)));
        return admin ? super.levelOfDetail(principal) : HealthLevelOfDetail.STATUS;
    }
}
