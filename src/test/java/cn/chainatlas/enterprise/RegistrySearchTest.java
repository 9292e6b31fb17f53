package cn.chainatlas.enterprise;

import cn.chainatlas.common.CreditCode;
import cn.chainatlas.imports.ImportTestSupport;
import cn.chainatlas.imports.RegistryFixtures;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_GRAM;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_SEARCH_STALE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry search through its index (V20, issue 15) finds what the plain LIKE finds — names, products, a
 * stretch in the middle of a word, Latin model numbers in either width, a credit code — and follows every write: an
 * import, an edit, a rollback. After each write the background refresh is run by hand and the stale list must be
 * empty, so a search here reads the grams alone: a write path that forgot {@link SearchIndex#markStale} fails here.
 */
@MicronautTest
class RegistrySearchTest extends ImportTestSupport {

    static final Random RANDOM = new Random(15);
    static final String SPINDLE = CreditCode.random(RANDOM, "441900");
    static final String BEARING = CreditCode.random(RANDOM, "440600");
    static final String MODEL = CreditCode.random(RANDOM, "440300");
    static final String WIDE = CreditCode.random(RANDOM, "440100");

    @Inject
    SearchIndex search;

    @Inject
    EnterpriseService enterprises;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new java.util.HashMap<>(super.getProperties());
        // the test runs the refresh itself, so it knows when the grams are written
        p.put("chainatlas.search.refresh-interval", "1h");
        return p;
    }

    @BeforeAll
    void registry() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(RegistryFixtures.HEADER));
        rows.add(RegistryFixtures.row(SPINDLE, "东莞市昊天精密主轴有限公司", "东莞", "高速电主轴、主轴维修"));
        rows.add(RegistryFixtures.row(BEARING, "佛山市顺德区华南轴承有限公司", "佛山", "精密轴承、直线导轨"));
        rows.add(RegistryFixtures.row(MODEL, "深圳数控系统有限公司", "深圳", "HNC-848数控系统、伺服电机"));
        rows.add(RegistryFixtures.row(WIDE, "广州ＡＢＣ机床有限公司", "广州", "数控机床"));
        for (int i = 0; i < 20; i++) {
            String city = RegistryFixtures.CITIES[i % 21][1];
            rows.add(RegistryFixtures.row(CreditCode.random(RANDOM, RegistryFixtures.CITIES[i % 21][0]),
                    city + "恒" + i + "机械有限公司", city, i % 2 == 0 ? "齿轮箱、减速器" : "光栅尺"));
        }
        Answer a = upload(RegistryFixtures.xlsx(rows), "registry.xlsx", "dryRun=false");
        assertThat(a.errors()).as(a.body().toString()).isEmpty();
    }

    /** Today's condition, as it was before the index: the reference every search is compared with. */
    private Set<String> like(String q) {
        String like = "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        Condition c = ENTERPRISE.NAME.like(like).or(SearchIndex.byCode(q)).or(ENTERPRISE.MAIN_PRODUCTS.like(like));
        return new TreeSet<>(dsl.select(ENTERPRISE.CREDIT_CODE).from(ENTERPRISE).where(c).fetch(ENTERPRISE.CREDIT_CODE));
    }

    private EnterprisePage page(String q) {
        return enterprises.list(cn.chainatlas.common.Actor.SYSTEM, new EnterpriseFilter(null, null, null, q, false), 1, 500);
    }

    private Set<String> found(String q) {
        EnterprisePage p = page(q);
        Set<String> codes = new TreeSet<>();
        p.items().forEach(v -> codes.add(v.creditCode()));
        assertThat(p.total()).as("共 N 家 for 「%s」", q).isEqualTo(codes.size());
        return codes;
    }

    private void indexed() {
        search.refresh(null);
        assertThat(dsl.fetchCount(ENTERPRISE_SEARCH_STALE)).as("enterprises left stale").isZero();
    }

    private void sameAsLike(String... queries) {
        for (String q : queries) {
            assertThat(found(q)).as("「%s」", q).isEqualTo(like(q));
        }
    }

    @Test
    void findsWhatTheLikeFindsBeforeAndAfterTheIndexCatchesUp() {
        // straight after the import the enterprises are still stale: found through the stale list
        assertThat(found("昊天精密")).containsExactly(SPINDLE);
        indexed();
        assertThat(dsl.fetchCount(ENTERPRISE_GRAM)).isPositive();
        assertThat(search.plan("精密")).as("an indexed search").isNotNull();
        assertThat(search.plan("精密").exactGram()).as("two ideographs, nothing stale: counted from the index").isNotNull();
        assertThat(found("昊天精密")).containsExactly(SPINDLE);
        assertThat(found("精密")).contains(SPINDLE, BEARING);
        // a stretch in the middle of a word, products, a place, a Latin model number in either case and width
        assertThat(found("密主")).containsExactly(SPINDLE);
        assertThat(found("直线导")).containsExactly(BEARING);
        assertThat(found("hnc-848")).containsExactly(MODEL);
        assertThat(found("ＨＮＣ")).containsExactly(MODEL);
        assertThat(found("abc机床")).containsExactly(WIDE);
        assertThat(found("ABC")).containsExactly(WIDE);
        // a credit code, whole or its first 10 characters; a single character (the scan); nothing
        assertThat(found(SPINDLE)).containsExactly(SPINDLE);
        assertThat(found(BEARING.substring(0, 10).toLowerCase())).contains(BEARING);
        assertThat(found("不存在的词语")).isEmpty();
        sameAsLike("精密", "轴承", "主轴", "密主", "有限公司", "机械有限", "齿轮箱、减速", "光栅尺", "数控", "hnc-848", "ＨＮＣ",
                "ＡＢＣ", "abc", "轴", "恒1", "恒12机械", "东莞", SPINDLE, BEARING.substring(0, 12), "100%", "a_b", "不存在的词语");
    }

    @Test
    void theCountAndThePagesAgreeWithTheLike() {
        indexed();
        EnterprisePage first = enterprises.list(cn.chainatlas.common.Actor.SYSTEM, new EnterpriseFilter(null, null, null, "有限公司", false), 1, 10);
        EnterprisePage third = enterprises.list(cn.chainatlas.common.Actor.SYSTEM, new EnterpriseFilter(null, null, null, "有限公司", false), 3, 10);
        assertThat(first.total()).isEqualTo(like("有限公司").size()).isEqualTo(third.total());
        assertThat(first.items()).hasSize(10);
        assertThat(third.items()).hasSize(first.total() - 20);
        // the city filter with a search, and the unfiltered count
        EnterprisePage dongguan = enterprises.list(cn.chainatlas.common.Actor.SYSTEM, new EnterpriseFilter("东莞", null, null, "主轴", false), 1, 50);
        assertThat(dongguan.items()).extracting(EnterpriseView::creditCode).containsExactly(SPINDLE);
        EnterprisePage all = enterprises.list(cn.chainatlas.common.Actor.SYSTEM, new EnterpriseFilter(null, null, null, null, false), 1, 5);
        assertThat(all.total()).isEqualTo(dsl.fetchCount(ENTERPRISE));
        // and through the API a clerk's page uses
        Answer api = exchange(HttpRequest.GET("/api/v1/enterprises?q=" + java.net.URLEncoder.encode("直线导轨",
                java.nio.charset.StandardCharsets.UTF_8)).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(api.num("total")).isEqualTo(1);
    }

    @Test
    void anEditIsFoundUnderItsNewNameAndProductsAndNoLongerUnderTheOld() {
        indexed();
        String code = like("恒3机械").iterator().next();
        Answer edit = exchange(HttpRequest.PUT("/api/v1/enterprises/" + code, Map.of("name", "韶关市鼎盛锻造有限公司",
                "mainProducts", "风电主轴锻件")).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(edit.status()).as(edit.body().toString()).isEqualTo(200);
        indexed();
        assertThat(found("鼎盛锻造")).containsExactly(code);
        assertThat(found("主轴锻件")).containsExactly(code);
        assertThat(found("恒3机械")).isEmpty();
        sameAsLike("主轴", "锻造", "光栅尺", "齿轮箱");
    }

    @Test
    void aRollbackTakesTheBatchsEnterprisesOutOfTheSearchAndPutsBackWhatItChanged() {
        indexed();
        String added = CreditCode.random(RANDOM, "440400");
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(RegistryFixtures.HEADER));
        rows.add(RegistryFixtures.row(added, "珠海回滚测试海缆有限公司", "珠海", "海底电缆"));
        rows.add(RegistryFixtures.row(BEARING, "佛山市顺德区华南轴承有限公司", "佛山", "陶瓷球轴承"));
        Answer a = upload(RegistryFixtures.xlsx(rows), "second.xlsx", "dryRun=false");
        assertThat(a.errors()).as(a.body().toString()).isEmpty();
        indexed();
        assertThat(found("回滚测试")).containsExactly(added);
        assertThat(found("陶瓷球")).containsExactly(BEARING);
        assertThat(found("直线导轨")).isEmpty();

        Answer undo = post("/api/v1/imports/" + a.num("batchId") + "/rollback", "admin", ADMIN_PASSWORD);
        assertThat(undo.status()).as(undo.body().toString()).isEqualTo(200);
        indexed();
        assertThat(found("回滚测试")).isEmpty();
        assertThat(found("陶瓷球")).isEmpty();
        assertThat(found("直线导轨")).containsExactly(BEARING);
        // the deleted enterprise's grams went with it
        assertThat(dsl.fetchCount(ENTERPRISE_GRAM, ENTERPRISE_GRAM.CREDIT_CODE.eq(added))).isZero();
        sameAsLike("轴承", "海缆", "有限公司");
    }

    @Test
    void aStaleEnterpriseIsFoundBeforeTheRefreshReachesIt() {
        indexed();
        // a writer that marked the row but whose grams the refresh has not written yet (another instance's commit)
        String code = like("恒5机械").iterator().next();
        dsl.update(ENTERPRISE).set(ENTERPRISE.MAIN_PRODUCTS, "液压油缸").where(ENTERPRISE.CREDIT_CODE.eq(code)).execute();
        SearchIndex.markStale(dsl, List.of(code));
        assertThat(found("液压油缸")).containsExactly(code);
        indexed();
        assertThat(found("液压油缸")).containsExactly(code);
        assertThat(DSL.using(dsl.configuration()).fetchCount(ENTERPRISE_GRAM, ENTERPRISE_GRAM.CREDIT_CODE.eq(code))).isPositive();
    }
}
