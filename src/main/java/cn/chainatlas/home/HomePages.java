package cn.chainatlas.home;

import cn.chainatlas.security.Actors;

import cn.chainatlas.chain.GapAnalysis;
import cn.chainatlas.chain.GapStatus;
import cn.chainatlas.chain.NodeGap;
import cn.chainatlas.geo.Region;
import cn.chainatlas.common.Actor;
import cn.chainatlas.common.Role;
import io.micronaut.context.MessageSource;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The home dashboard: the province's gaps at a glance, the registry by city, and the viewer's recent changes. */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
final class HomePages {

    private static final int NAMED_CHOKEPOINTS = 6;

    private final HomeQueries queries;
    private final GapAnalysis gaps;
    private final MessageSource messages;

    HomePages(HomeQueries queries, GapAnalysis gaps, MessageSource messages) {
        this.queries = queries;
        this.gaps = gaps;
        this.messages = messages;
    }

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> home(Authentication authentication) {
        Actor actor = Actors.of(authentication);
        Map<String, Object> model = new HashMap<>();
        model.put("totals", queries.totals());
        model.put("chains", chainLines(actor));
        // every role sees the province's aggregates; the registry per city is a count, never a row
        model.put("cities", queries.enterprisesByCity());
        model.put("myCity", actor.cityCode());
        model.put("recent", queries.recentChanges(actor.is(Role.ADMIN) ? null : actor.username(), 8).stream()
                .map(r -> r.withLabel(messages.getMessage("audit.action." + r.action(), Locale.SIMPLIFIED_CHINESE)
                        .orElse(r.action()))).toList());
        model.put("canImport", actor.is(Role.ADMIN, Role.PROVINCE, Role.CITY));
        return new ModelAndView<>("home", model);
    }

    /** The province's gap analysis of every chain, counted by status, chokepoints named (worst first). */
    private List<HomeQueries.ChainLine> chainLines(Actor actor) {
        Map<String, List<NodeGap>> byChain = gaps.allChains(actor, Region.PROVINCE);
        List<HomeQueries.ChainLine> lines = new ArrayList<>();
        queries.chainNames().forEach((code, name) -> {
            List<NodeGap> nodes = byChain.getOrDefault(code, List.of());
            Map<String, Long> counts = nodes.stream().collect(Collectors.groupingBy(NodeGap::status, Collectors.counting()));
            List<String> chokepoints = nodes.stream().filter(n -> GapStatus.CHOKEPOINT.label().equals(n.status()))
                    .map(NodeGap::nodeName).limit(NAMED_CHOKEPOINTS).toList();
            lines.add(new HomeQueries.ChainLine(code, name, nodes.size(),
                    count(counts, GapStatus.CHOKEPOINT), count(counts, GapStatus.BLANK),
                    count(counts, GapStatus.IMPORT_DEPENDENT), count(counts, GapStatus.WEAK),
                    count(counts, GapStatus.COVERED), chokepoints));
        });
        return lines;
    }

    private static int count(Map<String, Long> counts, GapStatus status) {
        return counts.getOrDefault(status.label(), 0L).intValue();
    }
}
