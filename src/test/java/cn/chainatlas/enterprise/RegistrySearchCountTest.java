package cn.chainatlas.enterprise;

import cn.chainatlas.common.Actor;
import cn.chainatlas.common.CreditCode;
import cn.chainatlas.imports.ImportTestSupport;
import cn.chainatlas.imports.RegistryFixtures;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_SEARCH_STALE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a clerk sees of a search's count (issue 15): a search with more hits than the count cap says "N 家以上" and
 * still pages on, never a wrong exact number; counts the index gives exactly stay exact; and an enterprise imported a
 * moment ago is found, and counted, before the search index has caught up with it. The cap is set to 5 here (1,000 in
 * the service) so 60 enterprises are "many".
 */
@MicronautTest
class RegistrySearchCountTest extends ImportTestSupport {

    static final Random RANDOM = new Random(1515);
    static final int GEARBOXES = 60;

    @Inject
    SearchIndex search;

    @Inject
    EnterpriseService enterprises;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new java.util.HashMap<>(super.getProperties());
        p.put("chainatlas.search.refresh-interval", "1h");
        p.put("chainatlas.registry.count-cap", "5");
        return p;
    }

    @BeforeAll
    void registry() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(RegistryFixtures.HEADER));
        for (int i = 0; i < GEARBOXES; i++) {
            String[] city = RegistryFixtures.CITIES[i % 21];
            rows.add(RegistryFixtures.row(CreditCode.random(RANDOM, city[0]), city[1] + "永" + i + "传动机械有限公司", city[1],
                    "琨铧减速机、联轴器"));
        }
        rows.add(RegistryFixtures.row(CreditCode.random(RANDOM, "440600"), "佛山市唯一光栅尺有限公司", "佛山", "光栅尺"));
        Answer a = upload(RegistryFixtures.xlsx(rows), "registry.xlsx", "dryRun=false");
        assertThat(a.errors()).as(a.body().toString()).isEmpty();
        search.refresh(null);
        assertThat(dsl.fetchCount(ENTERPRISE_SEARCH_STALE)).isZero();
    }

    private EnterprisePage list(String q, int page, int size) {
        return enterprises.list(Actor.SYSTEM, new EnterpriseFilter(null, null, null, q, false), page, size);
    }

    private String html(String query) {
        return client.toBlocking().retrieve(HttpRequest.GET("/enterprises?" + query).basicAuth("admin", ADMIN_PASSWORD), String.class);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aSearchWithMoreHitsThanTheCapSaysSoAndStillPagesOn() {
        // 60 hits, counted up to the cap: a lower bound, flagged, and a next page offered
        EnterprisePage first = list("琨铧减速", 1, 3);
        assertThat(first.totalCapped()).isTrue();
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.items()).hasSize(3);
        assertThat(first.hasNext()).isTrue();
        // a later page counts at least to its own end, so it is never "past the last page" by mistake
        EnterprisePage fifth = list("琨铧减速", 5, 3);
        assertThat(fifth.items()).hasSize(3);
        assertThat(fifth.total()).isGreaterThanOrEqualTo(15);
        // the last page's count reaches every hit: exact again, and no next page
        EnterprisePage last = list("琨铧减速", 3, 25);
        assertThat(last.totalCapped()).isFalse();
        assertThat(last.total()).isEqualTo(GEARBOXES);
        assertThat(last.items()).hasSize(GEARBOXES - 50);
        assertThat(last.hasNext()).isFalse();
        // under the cap: exact, and not flagged
        EnterprisePage one = list("唯一光栅", 1, 3);
        assertThat(one.totalCapped()).isFalse();
        assertThat(one.total()).isEqualTo(1);
        // two Chinese characters are counted from the index: exact however many
        EnterprisePage two = list("琨铧", 1, 3);
        assertThat(two.totalCapped()).isFalse();
        assertThat(two.total()).isEqualTo(GEARBOXES);
    }

    @Test
    void theRegistryPageAndTheApiSayACappedCountIsCapped() {
        // the page lists 50: counted up to 50, with more to come
        String page = html("q=" + enc("琨铧减速"));
        assertThat(page).contains("50 家以上企业").doesNotContain("共 50 家").contains("下一页");
        // its second page counts to its end (100) and finds them all: 共 60 家, no further page
        String second = html("q=" + enc("琨铧减速") + "&page=2");
        assertThat(second).contains("共 60 家企业").doesNotContain("家以上").doesNotContain("下一页");
        Answer api = exchange(HttpRequest.GET("/api/v1/enterprises?size=20&q=" + enc("琨铧减速")).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(api.num("total")).isEqualTo(20);
        assertThat(api.body().get("totalCapped")).isEqualTo(true);
        Answer exact = exchange(HttpRequest.GET("/api/v1/enterprises?size=20&q=" + enc("唯一光栅")).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(exact.num("total")).isEqualTo(1);
        assertThat(exact.body().get("totalCapped")).isEqualTo(false);
    }

    @Test
    void anEnterpriseImportedAMomentAgoIsFoundBeforeTheIndexCatchesUp() {
        String added = CreditCode.random(RANDOM, "440400");
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(RegistryFixtures.HEADER));
        rows.add(RegistryFixtures.row(added, "珠海市新到瑞缆有限公司", "珠海", "海底电缆、琨铧减速机配件"));
        Answer a = upload(RegistryFixtures.xlsx(rows), "new.xlsx", "dryRun=false");
        assertThat(a.errors()).as(a.body().toString()).isEmpty();
        // no refresh: the new enterprise has no grams yet
        assertThat(dsl.fetchCount(ENTERPRISE_SEARCH_STALE, ENTERPRISE_SEARCH_STALE.CREDIT_CODE.eq(added))).isOne();
        assertThat(list("新到瑞缆", 1, 10).items()).extracting(EnterpriseView::creditCode).containsExactly(added);
        assertThat(list("瑞缆有限", 1, 10).items()).extracting(EnterpriseView::creditCode).containsExactly(added);
        // counted with the indexed ones: a two-character word cannot be counted from the index alone while it waits
        EnterprisePage cable = list("瑞缆", 1, 10);
        assertThat(cable.total()).isEqualTo(1);
        EnterprisePage gearboxes = list("琨铧减速", 3, 25);
        assertThat(gearboxes.total()).isEqualTo(GEARBOXES + 1);
        assertThat(gearboxes.totalCapped()).isFalse();
        // and on the page a clerk reads
        assertThat(html("q=" + enc("新到瑞缆"))).contains("珠海市新到瑞缆有限公司").contains("共 1 家企业");
        search.refresh(null);
        assertThat(list("新到瑞缆", 1, 10).items()).extracting(EnterpriseView::creditCode).containsExactly(added);
        // leave the registry as the other tests expect it (its grams go with it, as a rollback's would)
        dsl.deleteFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(added)).execute();
        SearchIndex.markStale(dsl, List.of(added));
        search.refresh(null);
    }
}
