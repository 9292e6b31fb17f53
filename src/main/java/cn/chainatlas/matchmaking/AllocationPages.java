package cn.chainatlas.matchmaking;

import cn.chainatlas.security.Actors;

import cn.chainatlas.chain.ChainGraph;
import cn.chainatlas.chain.ChainGraphCache;
import cn.chainatlas.common.BadInput;
import cn.chainatlas.common.NotFound;
import cn.chainatlas.geo.Cities;
import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The allocation page of a node (the proposal, the uncovered list, a button per assignment that shortlists it as a
 * matchmaking record) and a chain's 补链 target list. Bureaus only (AllocationService decides the region).
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@Produces(MediaType.TEXT_HTML)
class AllocationPages {

    private final AllocationService allocation;
    private final ChainGraphCache graphs;
    private final Cities cities;

    AllocationPages(AllocationService allocation, ChainGraphCache graphs, Cities cities) {
        this.allocation = allocation;
        this.graphs = graphs;
        this.cities = cities;
    }

    @Get("/chains/{code}/allocation")
    ModelAndView<Map<String, Object>> allocation(@PathVariable String code, @Nullable @QueryValue String node,
                                                 @Nullable @QueryValue String region, @Nullable @QueryValue String unit,
                                                 Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = common(actor, code, region);
        m.put("node", node == null ? "" : node);
        if (node != null && !node.isBlank()) {
            try {
                m.put("a", allocation.allocation(actor, code, node, region, unit));
            } catch (BadInput e) {
                m.put("flashError", e.getMessage());
            }
        } else {
            allocation.scope(actor, region);
        }
        return new ModelAndView<>("allocation/node", m);
    }

    @Get("/chains/{code}/gap-targets")
    ModelAndView<Map<String, Object>> targets(@PathVariable String code, @Nullable @QueryValue String region,
                                              Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> m = common(actor, code, region);
        m.put("t", allocation.gapTargets(actor, code, region));
        return new ModelAndView<>("allocation/targets", m);
    }

    private Map<String, Object> common(Actor actor, String code, @Nullable String region) {
        ChainGraph graph = graphs.get();
        ChainGraph.ChainView view = graph.view(code.strip().toUpperCase(Locale.ROOT));
        if (view == null) {
            throw new NotFound("产业链「" + code + "」不存在");
        }
        Map<String, String> nodes = new LinkedHashMap<>();
        view.members().forEach(n -> nodes.put(n, graph.nodes().get(n).name()));
        Map<String, Object> m = new HashMap<>();
        m.put("chainCode", view.chain().code());
        m.put("chainName", view.chain().name());
        m.put("nodes", nodes);
        m.put("cities", cities.names());
        m.put("region", region == null ? "" : region);
        m.put("canFilterCity", actor.isProvinceWide());
        return m;
    }
}
