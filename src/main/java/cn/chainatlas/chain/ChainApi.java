package cn.chainatlas.chain;

import cn.chainatlas.security.Actors;

import cn.chainatlas.geo.Region;

import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.util.List;

@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
class ChainApi {

    private final ChainCatalog catalog;
    private final GapAnalysis gaps;
    private final WhatIfAnalysis whatIf;

    ChainApi(ChainCatalog catalog, GapAnalysis gaps, WhatIfAnalysis whatIf) {
        this.catalog = catalog;
        this.gaps = gaps;
        this.whatIf = whatIf;
    }

    @Get("/chains")
    List<ChainCatalog.ChainSummary> chains(Authentication authentication) {
        return catalog.chains(Actors.of(authentication));
    }

    @Get("/chains/{code}/graph")
    ChainCatalog.Graph graph(String code, Authentication authentication) {
        return catalog.graph(Actors.of(authentication), code);
    }

    @Get("/chains/{code}/gaps")
    List<NodeGap> gaps(String code, @Nullable @QueryValue String region, Authentication authentication) {
        return gaps.gaps(Actors.of(authentication), code, region);
    }

    /** gaps and autonomy together, for the chain page */
    @Get("/chains/{code}/analysis")
    GapAnalysis.ChainAnalysis analysis(String code, @Nullable @QueryValue String region, Authentication authentication) {
        return gaps.analysis(Actors.of(authentication), code, region);
    }

    @Get("/chains/{code}/autonomy")
    List<GapAnalysis.Autonomy> autonomy(String code, @Nullable @QueryValue String region, Authentication authentication) {
        return gaps.autonomy(Actors.of(authentication), code, region);
    }

    @Get("/chains/{code}/nodes/{node}")
    ChainCatalog.NodeDetail node(String code, String node, @Nullable @QueryValue String region,
                                 Authentication authentication) {
        return catalog.node(Actors.of(authentication), code, node, region);
    }

    @Get("/whatif")
    WhatIfAnalysis.Result whatIf(@Nullable @QueryValue String remove, Authentication authentication) {
        return whatIf.remove(Actors.of(authentication), remove);
    }

    @Get("/regions")
    List<Region> regions(Authentication authentication) {
        GapAnalysis.requireReader(Actors.of(authentication));
        return gaps.regions();
    }
}
