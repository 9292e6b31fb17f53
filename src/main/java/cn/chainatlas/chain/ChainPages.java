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
import io.micronaut.views.View;

import java.util.HashMap;
import java.util.Map;

/** The chain list and the chain page; the page fetches its graph and gaps from the JSON API. */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
class ChainPages {

    private final ChainCatalog catalog;
    private final GapAnalysis gaps;
    private final GapThresholds thresholds;

    ChainPages(ChainCatalog catalog, GapAnalysis gaps, GapThresholds thresholds) {
        this.catalog = catalog;
        this.gaps = gaps;
        this.thresholds = thresholds;
    }

    @Get("/chains")
    @View("chain/list")
    Map<String, Object> list(Authentication authentication) {
        return Map.of("chains", catalog.chains(Actors.of(authentication)));
    }

    @Get("/chains/{code}")
    @View("chain/detail")
    Map<String, Object> detail(String code, @Nullable @QueryValue String region, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> model = new HashMap<>();
        model.put("chain", catalog.chain(actor, code));
        model.put("regions", gaps.regions());
        // a city user starts on their own city; everyone may switch
        String start = region;
        if (start == null && actor.cityCode() != null) {
            start = gaps.regions().stream().filter(r -> actor.cityCode().equals(r.cityCode()))
                    .map(Region::key).findFirst().orElse("province");
        }
        model.put("region", gaps.region(start).key());
        model.put("thresholds", thresholds);
        return model;
    }
}
