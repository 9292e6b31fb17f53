package cn.chainatlas.enterprise;

import cn.chainatlas.security.Actors;

import cn.chainatlas.common.NotFound;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Chain leaders: who leads which chain; ADMIN, PROVINCE and a city's bureau declare and revoke (LeaderService). */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
class LeaderApi {

    private final LeaderService leaders;

    LeaderApi(LeaderService leaders) {
        this.leaders = leaders;
    }

    @Serdeable
    record Declaration(@Nullable String creditCode, @Nullable List<String> chainCodes) {
    }

    /** What a revocation leaves: whether the enterprise is still a leader, and of which chains. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Standing(String creditCode, boolean leader, List<LeaderService.LeaderChain> chains) {
    }

    @Get("/leaders")
    List<LeaderService.Leader> list(@Nullable @QueryValue String chain, @Nullable @QueryValue String city,
                                    Authentication authentication) {
        return leaders.list(Actors.of(authentication), chain, city);
    }

    @Get("/leaders/{creditCode}")
    LeaderService.Leader one(@PathVariable String creditCode, Authentication authentication) {
        Actors.of(authentication).requireRole(Role.ADMIN, Role.PROVINCE, Role.CITY, Role.LEADER);
        return leaders.find(creditCode).orElseThrow(() -> new NotFound("「" + creditCode + "」不是名录中的链主企业"));
    }

    @Post("/leaders")
    LeaderService.Leader declare(@Body Declaration body, Authentication authentication) {
        return leaders.declare(Actors.of(authentication), body.creditCode(), body.chainCodes());
    }

    /** Revokes one chain ({@code ?chain=CNC}) or every chain of the enterprise. */
    @Delete("/leaders/{creditCode}")
    Standing revoke(@PathVariable String creditCode, @Nullable @QueryValue String chain, Authentication authentication) {
        return leaders.revoke(Actors.of(authentication), creditCode, chain)
                .map(l -> new Standing(l.creditCode(), true, l.chains()))
                .orElseGet(() -> new Standing(creditCode.strip().toUpperCase(java.util.Locale.ROOT), false, List.of()));
    }
}
