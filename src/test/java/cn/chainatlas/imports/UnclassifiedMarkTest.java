package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 未归类 list reads a kept mark (enterprise.is_unclassified, V24) instead of looking for node rows: every way an
 * enterprise's nodes change must keep the list right — an import that inserts, one that changes products both ways, a
 * clerk assigning a node, a rollback, the city filter.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnclassifiedMarkTest extends ImportTestSupport {

    static final Random RANDOM = new Random(24);
    static final String A = CreditCode.random(RANDOM, "441900");
    static final String B = CreditCode.random(RANDOM, "440600");
    static final String C = CreditCode.random(RANDOM, "440300");
    static final String D = CreditCode.random(RANDOM, "441900");

    static List<List<Object>> rows(String productsOfA, String productsOfC) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(RegistryFixtures.HEADER));
        rows.add(RegistryFixtures.row(A, "东莞精工数控科技有限公司", "东莞", productsOfA));
        rows.add(RegistryFixtures.row(B, "佛山精密轴承股份有限公司", "佛山", "精密轴承，滚珠丝杠"));
        rows.add(RegistryFixtures.row(C, "深圳某某贸易有限公司", "深圳", productsOfC));
        rows.add(RegistryFixtures.row(D, "东莞某某餐饮管理有限公司", "东莞", "餐饮服务"));
        return rows;
    }

    static long secondBatch;

    @Test
    @Order(1)
    void anImportListsTheEnterprisesItCouldNotClassify() {
        Answer a = upload(RegistryFixtures.xlsx(rows("高档数控系统、伺服驱动", "办公用品贸易")), "名录.xlsx", "dryRun=false");
        assertThat(a.body().get("status")).isEqualTo("COMMITTED");
        assertThat(unclassified("")).containsExactlyInAnyOrder(C, D);
        assertThat(unclassified("&city=441900")).containsExactly(D);
        markAgreesWithNodeRows();
    }

    @Test
    @Order(2)
    void aReimportThatChangesProductsMovesEnterprisesInAndOutOfTheList() {
        Answer a = upload(RegistryFixtures.xlsx(rows("办公家具", "精密轴承")), "名录2.xlsx", "dryRun=false");
        assertThat(a.num("updates")).isEqualTo(2);
        secondBatch = ((Number) a.body().get("batchId")).longValue();
        assertThat(unclassified("")).containsExactlyInAnyOrder(A, D);
        markAgreesWithNodeRows();
    }

    @Test
    @Order(3)
    void aClerkAssigningANodeTakesTheEnterpriseOffTheList() {
        Answer a = exchange(withCsrf(HttpRequest.POST("/api/v1/enterprises/" + D + "/nodes", Map.of("nodes", List.of("轴承"))))
                .basicAuth("admin", ADMIN_PASSWORD));
        assertThat(a.status()).isEqualTo(200);
        assertThat(unclassified("")).containsExactly(A);
        assertThat(unclassified("&city=441900")).containsExactly(A);
        markAgreesWithNodeRows();
    }

    @Test
    @Order(4)
    void aRollbackPutsTheListBackAsItWas() {
        Answer r = post("/api/v1/imports/" + secondBatch + "/rollback", "admin", ADMIN_PASSWORD);
        assertThat(r.status()).isEqualTo(200);
        // A and C as the first import left them; D keeps the clerk's node (the batch did not change it)
        assertThat(unclassified("")).containsExactly(C);
        markAgreesWithNodeRows();
    }

    /** The codes the 未归类 list shows (API, first page), with the total it states. */
    private List<String> unclassified(String more) {
        Answer a = exchange(HttpRequest.GET("/api/v1/enterprises?unclassified=true&size=50" + more).basicAuth("admin", ADMIN_PASSWORD));
        assertThat(a.status()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) a.body().get("items");
        assertThat(a.num("total")).isEqualTo(items.size());
        return items.stream().map(i -> (String) i.get("creditCode")).toList();
    }

    private void markAgreesWithNodeRows() {
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.IS_UNCLASSIFIED.ne(DSL.field(DSL.notExists(DSL.selectOne()
                .from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(ENTERPRISE.CREDIT_CODE)))))))
                .as("enterprises whose 未归类 mark disagrees with their node rows").isZero();
    }
}
