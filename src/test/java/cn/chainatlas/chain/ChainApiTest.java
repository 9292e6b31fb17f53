package cn.chainatlas.chain;

import cn.chainatlas.common.Role;
import cn.chainatlas.testing.DatabaseTest;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The published API and pages over HTTP: shapes, authentication, and what each role may read. */
@MicronautTest
class ChainApiTest extends DatabaseTest {

    static final String PASSWORD = "chain-test-pw";
    static final String DONGGUAN = URLEncoder.encode("东莞", StandardCharsets.UTF_8);
    static final List<String> URLS = List.of(
            "/api/v1/chains",
            "/api/v1/chains/MINI/graph",
            "/api/v1/chains/MINI/gaps?region=province",
            "/api/v1/chains/MINI/gaps?region=" + DONGGUAN,
            "/api/v1/chains/MINI/autonomy?region=province",
            "/api/v1/chains/MINI/analysis?region=" + DONGGUAN,
            "/api/v1/chains/MINI/nodes/SPINDLE?region=" + DONGGUAN,
            "/api/v1/whatif?remove=BEARING",
            "/api/v1/whatif?remove=" + MiniChainData.S1,
            "/api/v1/regions",
            "/chains",
            "/chains/MINI");

    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    DSLContext dsl;
    @Inject
    ChainSeedLoader chains;
    @Inject
    GeoSeedLoader geo;

    @BeforeAll
    void data() {
        geo.load(SeedFixtures.geo("cities.yaml"), SeedFixtures.geo("cluster-ratings.yaml"));
        chains.load(SeedFixtures.chains("good/chains"));
        MiniChainData.insert(dsl);
        TestUsers.create(dsl, "prov", PASSWORD, Role.PROVINCE, null, null);
        TestUsers.create(dsl, "dg", PASSWORD, Role.CITY, "441900", null);
        TestUsers.create(dsl, "fs", PASSWORD, Role.CITY, "440600", null);
        TestUsers.create(dsl, "lead", PASSWORD, Role.LEADER, null, MiniChainData.LEADER_DG);
    }

    private HttpRequest<?> get(String url, String user) {
        HttpRequest<?> r = HttpRequest.GET(url);
        return user == null ? r : ((io.micronaut.http.MutableHttpRequest<?>) r)
                .basicAuth(user, user.equals("admin") ? ADMIN_PASSWORD : PASSWORD);
    }

    @Test
    void anonymousGets401Everywhere() {
        for (String url : URLS) {
            assertThatThrownBy(() -> http.toBlocking().exchange(get(url, null), String.class))
                    .as(url).isInstanceOfSatisfying(HttpClientResponseException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(401));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "prov", "dg", "fs", "lead"})
    void everyRoleReadsEverything(String user) {
        for (String url : URLS) {
            HttpResponse<String> r = http.toBlocking().exchange(get(url, user), String.class);
            assertThat(r.getStatus().getCode()).as(user + " " + url).isEqualTo(200);
        }
    }

    @Test
    void chainListAndGraphFollowTheContract() {
        List<Map<String, Object>> list = http.toBlocking().retrieve(get("/api/v1/chains", "prov"),
                Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertThat(list).extracting(m -> m.get("code")).containsExactly("MINI", "OTHER");
        assertThat(list.get(0)).containsEntry("name", "迷你机床链").containsEntry("nameEn", "Mini machine tools")
                .containsEntry("nodeCount", 8);

        Map<String, Object> graph = http.toBlocking().retrieve(get("/api/v1/chains/MINI/graph", "prov"),
                Argument.mapOf(String.class, Object.class));
        @SuppressWarnings("unchecked") List<Map<String, Object>> nodes = (List<Map<String, Object>>) graph.get("nodes");
        @SuppressWarnings("unchecked") List<Map<String, Object>> edges = (List<Map<String, Object>>) graph.get("edges");
        assertThat(nodes).hasSize(8);
        assertThat(edges).hasSize(8).contains(Map.of("from", "SPINDLE", "to", "BEARING"));
        Map<String, Object> soft = nodes.stream().filter(n -> n.get("code").equals("SOFT")).findFirst().orElseThrow();
        assertThat(soft).containsEntry("name", "工业软件").containsEntry("nameEn", "Industrial software")
                .containsEntry("level", "软件").containsEntry("aliases", List.of("MES", "PDM"));
        @SuppressWarnings("unchecked") List<Map<String, Object>> priors = (List<Map<String, Object>>) soft.get("policyPriors");
        assertThat(priors).hasSize(1);
        // the document is named by its citation, never by its file name (docs/api.md)
        assertThat(priors.get(0)).doesNotContainKey("source").containsEntry("section", "5.1").containsEntry("scopeName", "广州")
                .containsEntry("quote", "高端软件（PDM、MES 等）依赖进口").containsEntry("kind", "IMPORT")
                .containsEntry("kindName", "依赖进口").containsEntry("scopeCity", "440100").containsEntry("chain", null)
                .containsEntry("shortCitation", "广州现代高端装备产业链论文").containsEntry("draft", false)
                .containsEntry("weight", 1.0).containsEntry("weightNote", null);
        assertThat((String) priors.get(0).get("citation")).startsWith("The Current Development Status");
    }

    @Test
    void gapsFollowTheContractWorstFirst() {
        List<Map<String, Object>> gaps = http.toBlocking().retrieve(get("/api/v1/chains/MINI/gaps?region=" + DONGGUAN, "dg"),
                Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertThat(gaps.get(0)).containsKeys("nodeCode", "nodeName", "status", "reasons", "localSuppliers",
                "demandLeaders", "localisationRate", "importShare", "criticality");
        assertThat(gaps.get(0)).containsEntry("nodeCode", "SPINDLE").containsEntry("status", "卡脖子")
                .containsEntry("localSuppliers", 2).containsEntry("demandLeaders", 1);
        assertThat(gaps.get(0).get("criticality")).isInstanceOfSatisfying(Map.class,
                c -> assertThat(c).containsEntry("finalEquipment", 2).containsEntry("leaders", 1).containsKey("betweenness"));
        // a node without demand keeps its rate fields, as null
        Map<String, Object> soft = gaps.stream().filter(g -> g.get("nodeCode").equals("SOFT")).findFirst().orElseThrow();
        assertThat(soft).containsEntry("localisationRate", null).containsEntry("importShare", null);
    }

    @Test
    void unknownRegionIs400WithTheReason() {
        assertThatThrownBy(() -> http.toBlocking().exchange(get("/api/v1/chains/MINI/gaps?region=atlantis", "prov"), String.class))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(400);
                    assertThat(e.getResponse().getBody(String.class).orElse("")).contains("未知地区");
                });
    }

    @Test
    void thePanelShowsOnlyPublicSupplierFields() {
        String body = http.toBlocking().retrieve(get("/api/v1/chains/MINI/nodes/SPINDLE?region=" + DONGGUAN, "lead"));
        assertThat(body).contains("东莞主轴一厂", "专精特新小巨人", "ISO9001", "\"capacity\":100");
        assertThat(body).doesNotContain("12345.67", "13800000000", "revenue", "contact", "rnd");
        // best tier first
        assertThat(body.indexOf("东莞主轴一厂")).isLessThan(body.indexOf("东莞主轴二厂"));
    }

    @Test
    void whatIfOverHttp() {
        Map<String, Object> r = http.toBlocking().retrieve(get("/api/v1/whatif?remove=BEARING", "fs"),
                Argument.mapOf(String.class, Object.class));
        assertThat(r).containsEntry("kind", "NODE").containsEntry("name", "精密轴承");
        assertThat((List<?>) r.get("finalEquipment")).hasSize(3);
        assertThat((List<?>) r.get("leaders")).hasSize(2);
    }

    @Test
    void pagesCarryTheIdsTheBrowserTestsUse() {
        String list = http.toBlocking().retrieve(get("/chains", "prov"));
        assertThat(list).contains("class=\"chain-link\" href=\"/chains/MINI\"").contains("迷你机床链");
        String page = http.toBlocking().retrieve(get("/chains/MINI", "prov"));
        assertThat(page).contains("id=\"chain-graph\"", "id=\"region-select\"", "<option value=\"东莞\"",
                "id=\"gap-table\"", "id=\"gap-filter\"", "id=\"node-panel\"", "/static/chain.js",
                "/webjars/echarts/5.3.1/dist/echarts.min.js", "data-chain=\"MINI\"", "环节");
        // a city user starts on their own city
        String dg = http.toBlocking().retrieve(get("/chains/MINI", "dg"));
        assertThat(dg).contains("data-region=\"东莞\"").containsPattern("<option value=\"东莞\" selected");
    }
}
