package cn.chainatlas.matching;

import cn.chainatlas.db.FiguresCache;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Matches, comparison, shortlist and coverage as JSON; MatchingService decides who may see what. */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
class MatchingApi {

    static final MediaType XLSX = MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final MatchingService matching;
    private final MatchExport export;
    private final FiguresCache figures;

    MatchingApi(MatchingService matching, MatchExport export, FiguresCache figures) {
        this.matching = matching;
        this.export = export;
        this.figures = figures;
    }

    @Get("/demands/{id}/matches")
    MatchViews.MatchList matches(@PathVariable long id, @QueryValue(defaultValue = "20") int limit,
                                 @Nullable @QueryValue("includeExcluded") String includeExcludedText, Authentication authentication) {
        boolean includeExcluded = cn.chainatlas.web.QueryFlags.flag("includeExcluded", includeExcludedText, false);
        // the candidate pools are figures kept per data version: right after a write they may be the previous ones
        Actor actor = Actors.of(authentication);
        FiguresCache.Tracked<MatchViews.MatchList> t = figures.tracked(() -> matching.matches(actor, id, limit, includeExcluded));
        return t.updating() ? t.value().updating(t.updatingSince()) : t.value();
    }

    @Get(value = "/demands/{id}/matches.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<StreamedFile> matchesXlsx(@PathVariable long id, Authentication authentication) throws IOException {
        Actor actor = Actors.of(authentication);
        Path tmp = Files.createTempFile("matches-", ".xlsx");
        try (var out = Files.newOutputStream(tmp)) {
            export.write(actor, id, out);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return HttpResponse.ok(new StreamedFile(new DeleteOnCloseStream(tmp), XLSX).attach("demand-" + id + "-matches.xlsx"));
    }

    /** {@code ?c=A&c=B} or {@code ?c=A,B}: two to four candidates. */
    @Get("/demands/{id}/compare")
    MatchViews.Comparison compare(@PathVariable long id, @Nullable @QueryValue("c") List<String> c, Authentication authentication) {
        return matching.compare(Actors.of(authentication), id, c);
    }

    @Get("/demands/{id}/shortlist")
    List<MatchViews.ShortlistEntry> shortlist(@PathVariable long id, Authentication authentication) {
        return matching.shortlist(Actors.of(authentication), id);
    }

    @Serdeable
    record ShortlistAdd(@Nullable String creditCode, @Nullable String note) {
    }

    @Post("/demands/{id}/shortlist")
    List<MatchViews.ShortlistEntry> add(@PathVariable long id, @Body ShortlistAdd body, Authentication authentication) {
        return matching.addToShortlist(Actors.of(authentication), id, body.creditCode(), body.note());
    }

    @Delete("/demands/{id}/shortlist/{creditCode}")
    List<MatchViews.ShortlistEntry> remove(@PathVariable long id, @PathVariable String creditCode, Authentication authentication) {
        return matching.removeFromShortlist(Actors.of(authentication), id, creditCode);
    }

    /** 需求覆盖: bureaus and the province (a CITY bureau sees its own city). */
    @Get("/coverage")
    MatchViews.Coverage coverage(@Nullable @QueryValue String chain, @Nullable @QueryValue String city,
                                 Authentication authentication) {
        Actor actor = Actors.of(authentication);
        FiguresCache.Tracked<MatchViews.Coverage> t = figures.tracked(() -> matching.coverage(actor, chain, city));
        return t.updating() ? t.value().updating(t.updatingSince()) : t.value();
    }
}
