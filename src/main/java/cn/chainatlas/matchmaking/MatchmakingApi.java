package cn.chainatlas.matchmaking;

import cn.chainatlas.security.Actors;

import cn.chainatlas.excel.DeleteOnCloseStream;
import cn.chainatlas.common.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Matchmaking records, the board, the figures and activities as JSON; MatchmakingService decides who may do what. */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
class MatchmakingApi {

    static final MediaType XLSX = MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final MatchmakingService service;
    private final MatchmakingFigures figures;

    MatchmakingApi(MatchmakingService service, MatchmakingFigures figures) {
        this.service = service;
        this.figures = figures;
    }

    @Serdeable
    record Create(@Nullable Long demandId, @Nullable String supplierCreditCode, @Nullable Long activityId, @Nullable String note) {
    }

    @Post("/matchmaking")
    HttpResponse<Map<String, Object>> create(@Body Create body, Authentication authentication) {
        long id = service.create(Actors.of(authentication), body.demandId(), body.supplierCreditCode(), body.activityId(), body.note());
        return HttpResponse.created(Map.of("id", id));
    }

    @Get("/matchmaking")
    List<MatchmakingViews.RecordView> list(@Nullable @QueryValue String chain, @Nullable @QueryValue String city,
                                           @Nullable @QueryValue String leader, @Nullable @QueryValue String stage,
                                           @Nullable @QueryValue String node, @Nullable @QueryValue String supplierCity,
                                           @Nullable @QueryValue Long activity, @Nullable @QueryValue String ids,
                                           Authentication authentication) {
        return service.list(Actors.of(authentication), new MatchmakingService.Query(chain, city, leader, stage, node, supplierCity,
                activity, ids(ids)));
    }

    @Get("/matchmaking/board")
    MatchmakingViews.Board board(@Nullable @QueryValue String chain, @Nullable @QueryValue String city,
                                 @Nullable @QueryValue String leader, @Nullable @QueryValue String node,
                                 @Nullable @QueryValue String supplierCity, @Nullable @QueryValue Long activity,
                                 Authentication authentication) {
        return service.board(Actors.of(authentication), new MatchmakingService.Query(chain, city, leader, null, node, supplierCity,
                activity, null));
    }

    @Get("/matchmaking/figures")
    MatchmakingViews.Figures figures(@Nullable @QueryValue String chain, @Nullable @QueryValue String region,
                                     @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                     Authentication authentication) {
        return figures.figures(Actors.of(authentication), chain, region, from, to);
    }

    @Get(value = "/matchmaking/figures.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<StreamedFile> figuresXlsx(@Nullable @QueryValue String chain, @Nullable @QueryValue String region,
                                           @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                           Authentication authentication) throws IOException {
        Actor actor = Actors.of(authentication);
        MatchmakingViews.Figures f = figures.figures(actor, chain, region, from, to);
        List<MatchmakingViews.RecordView> records = service.list(actor, new MatchmakingService.Query(f.chain(),
                "province".equals(f.region()) ? null : f.region(), null, null, null, null, null, null));
        Path tmp = Files.createTempFile("matchmaking-figures-", ".xlsx");
        try (var out = Files.newOutputStream(tmp)) {
            FiguresExport.write(f, records, out);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        // named as the gap reports are: what, chain, region, period — a clerk files several regions' side by side
        return HttpResponse.ok(new StreamedFile(new DeleteOnCloseStream(tmp), XLSX)).header("Content-Disposition",
                cn.chainatlas.web.Downloads.attachment("对接统计-" + f.chainName() + "-" + f.regionName() + "-" + f.from() + "至"
                        + f.to() + ".xlsx", "matchmaking-" + f.chain() + "-" + f.from() + "-" + f.to() + ".xlsx"));
    }

    @Get("/matchmaking/{id}")
    MatchmakingViews.RecordView get(@PathVariable long id, Authentication authentication) {
        return service.get(Actors.of(authentication), id);
    }

    @Serdeable
    record Move(@Nullable String stage, @Nullable String reasonCode, @Nullable String note, @Nullable String date,
                @Nullable java.math.BigDecimal quantity, @Nullable String unit, @Nullable java.math.BigDecimal valueWan) {
    }

    @Post("/matchmaking/{id}/moves")
    MatchmakingViews.RecordView move(@PathVariable long id, @Body Move body, Authentication authentication) {
        return service.move(Actors.of(authentication), id, new MatchmakingService.MoveInput(body.stage(), body.reasonCode(),
                body.note(), body.date(), text(body.quantity()), body.unit(), text(body.valueWan())));
    }

    @Serdeable
    record NoteBody(@Nullable String text) {
    }

    @Post("/matchmaking/{id}/notes")
    MatchmakingViews.RecordView note(@PathVariable long id, @Body NoteBody body, Authentication authentication) {
        return service.note(Actors.of(authentication), id, body.text());
    }

    @Serdeable
    record ActivityLink(@Nullable Long activityId) {
    }

    @Put("/matchmaking/{id}/activity")
    MatchmakingViews.RecordView activity(@PathVariable long id, @Body ActivityLink body, Authentication authentication) {
        return service.setActivity(Actors.of(authentication), id, body.activityId());
    }

    @Get("/demands/{id}/matchmaking")
    List<MatchmakingViews.RecordView> ofDemand(@PathVariable long id, Authentication authentication) {
        return service.ofDemand(Actors.of(authentication), id);
    }

    // ------------------------------------------------------------------------------------------ activities

    @Serdeable
    record ActivityBody(@Nullable String title, @Nullable String date, @Nullable String place, @Nullable List<String> chains,
                        @Nullable List<String> leaders, @Nullable List<String> suppliers, @Nullable String note) {
        MatchmakingService.ActivityInput input() {
            return new MatchmakingService.ActivityInput(title, date, place, chains, leaders, suppliers, note);
        }
    }

    @Get("/activities")
    List<MatchmakingViews.ActivityView> activities(Authentication authentication) {
        return service.activities(Actors.of(authentication));
    }

    @Post("/activities")
    HttpResponse<MatchmakingViews.ActivityView> createActivity(@Body ActivityBody body, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        long id = service.saveActivity(actor, null, body.input());
        return HttpResponse.created(service.activity(actor, id));
    }

    @Get("/activities/{id}")
    MatchmakingViews.ActivityView activity(@PathVariable long id, Authentication authentication) {
        return service.activity(Actors.of(authentication), id);
    }

    @Put("/activities/{id}")
    MatchmakingViews.ActivityView updateActivity(@PathVariable long id, @Body ActivityBody body, Authentication authentication) {
        Actor actor = Actors.of(authentication);
        service.saveActivity(actor, id, body.input());
        return service.activity(actor, id);
    }

    @Delete("/activities/{id}")
    HttpResponse<Void> deleteActivity(@PathVariable long id, Authentication authentication) {
        service.deleteActivity(Actors.of(authentication), id);
        return HttpResponse.noContent();
    }

    static @Nullable String text(@Nullable java.math.BigDecimal o) {
        return o == null ? null : o.toPlainString();
    }

    /**
     * The record ids a figure links to: null when not asked (no filter), empty when asked with none (a figure of 0 —
     * the board then shows no record, not all of them).
     */
    static @Nullable List<Long> ids(@Nullable String raw) {
        if (raw == null) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (String s : raw.split("[,，\\s]+")) {
            if (!s.isBlank()) {
                try {
                    out.add(Long.parseLong(s.strip()));
                } catch (NumberFormatException e) {
                    throw new cn.chainatlas.common.BadInput("ids", "记录编号：「" + s + "」不是数字");
                }
            }
        }
        return out;
    }
}
