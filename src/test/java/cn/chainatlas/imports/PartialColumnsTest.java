package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static cn.chainatlas.db.schema.Tables.ENTERPRISE_NODE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry file with only some of the template's columns updates those and keeps the rest as the registry holds them:
 * a clerk sending 统一社会信用代码, 企业名称, 所在地市 and 主营产品 to correct products must not empty contacts, 技术参数,
 * 企业称号 — and with it 链主 — nor the nodes a clerk assigned (fresh-eyes pass #14: all of them were emptied, silently).
 */
@MicronautTest
class PartialColumnsTest extends ImportTestSupport {

    static final String CODE = CreditCode.random(new Random(26), "441900");

    private static byte[] csv(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(Answer a) {
        return (List<String>) a.body().get("notes");
    }

    @Test
    void aFileWithoutSomeColumnsKeepsWhatTheRegistryHoldsForThem() {
        List<Object> full = RegistryFixtures.row(CODE, "东莞部分列测试精工有限公司", "东莞", "精密角接触球轴承");
        full.set(7, "轴承");
        full.set(9, "链主、专精特新");
        Answer first = upload(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(full))), "名录.xlsx", "dryRun=false");
        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(200);
        assertThat(first.num("inserts")).isEqualTo(1);
        var before = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(CODE)).fetchOne();
        assertThat(before.getIsLeader()).isTrue();

        byte[] partial = csv("统一社会信用代码,企业名称,所在地市,主营产品\n" + CODE + ",东莞部分列测试精工有限公司,东莞,精密角接触球轴承、主轴轴承\n");
        Answer dry = upload(partial, "更正产品.csv", "dryRun=true");
        assertThat(dry.status()).as(String.valueOf(dry.body())).isEqualTo(200);
        assertThat(dry.num("updates")).isEqualTo(1);
        assertThat(notes(dry)).anySatisfy(n -> assertThat(n).contains("「联系人」").contains("「企业称号」").contains("保持原样"));

        Answer committed = upload(partial, "更正产品.csv", "dryRun=false");
        assertThat(committed.status()).as(String.valueOf(committed.body())).isEqualTo(200);
        assertThat(committed.num("updates")).isEqualTo(1);
        var after = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(CODE)).fetchOne();
        assertThat(after.getMainProducts()).isEqualTo("精密角接触球轴承、主轴轴承");
        assertThat(after.getContactName()).isEqualTo("张工");
        assertThat(after.getContactPhone()).isEqualTo(before.getContactPhone());
        assertThat(after.getTechParams()).isEqualTo("P4级");
        assertThat(after.getTitles()).isEqualTo(before.getTitles());
        assertThat(after.getIsLeader()).as("still 链主").isTrue();
        assertThat(after.getRevenue()).isEqualByComparingTo(before.getRevenue());
        assertThat(after.getFoundedOn()).isEqualTo(before.getFoundedOn());
        assertThat(after.getExplicitNodes()).isEqualTo(before.getExplicitNodes()).isEqualTo("BEARING");
        assertThat(dsl.select(ENTERPRISE_NODE.NODE_CODE).from(ENTERPRISE_NODE).where(ENTERPRISE_NODE.CREDIT_CODE.eq(CODE))
                .fetch(ENTERPRISE_NODE.NODE_CODE)).containsExactly("BEARING");

        Answer again = upload(partial, "更正产品.csv", "dryRun=true");
        assertThat(again.num("unchanged")).as("the same file again changes nothing").isEqualTo(1);

        // a column the file has, left empty, still empties its field
        Answer cleared = upload(csv("统一社会信用代码,企业名称,所在地市,主营产品,联系人\n" + CODE
                + ",东莞部分列测试精工有限公司,东莞,精密角接触球轴承、主轴轴承,\n"), "清空联系人.csv", "dryRun=false");
        assertThat(cleared.num("updates")).isEqualTo(1);
        var last = dsl.selectFrom(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(CODE)).fetchOne();
        assertThat(last.getContactName()).isNull();
        assertThat(last.getTechParams()).isEqualTo("P4级");
        assertThat(last.getIsLeader()).isTrue();

        // a 企业称号 column without 链主 ends the leadership, as the file says — and the clerk is told before committing
        Answer dropped = upload(csv("统一社会信用代码,企业名称,所在地市,主营产品,企业称号\n" + CODE
                + ",东莞部分列测试精工有限公司,东莞,精密角接触球轴承、主轴轴承,专精特新\n"), "称号.csv", "dryRun=true");
        assertThat(notes(dropped)).anySatisfy(n -> assertThat(n).contains("第 2 行").contains("「企业称号」")
                .contains("将不再是链主"));
    }

    @Test
    void aYesNoParameterThatIsNeitherIsRefusedAndNothingIsWritten() {
        String before = registrySnapshot();
        byte[] file = csv("统一社会信用代码,企业名称,所在地市,主营产品\n" + CreditCode.random(new Random(27), "441900")
                + ",东莞开关测试有限公司,东莞,伺服电机\n");
        for (String typo : List.of("ture", "y", "commit")) {
            Answer a = upload(file, "名录.csv", "dryRun=" + typo);
            assertThat(a.status()).isEqualTo(400);
            assertThat(String.valueOf(a.body())).contains("参数「dryRun」应为 true 或 false").contains(typo);
        }
        assertThat(registrySnapshot()).isEqualTo(before);
        for (String yes : List.of("1", "TRUE", "%E6%98%AF")) {
            Answer a = upload(file, "名录.csv", "dryRun=" + yes);
            assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
            assertThat(a.body()).containsEntry("dryRun", true);
        }
        assertThat(registrySnapshot()).as("1, TRUE and 是 are dry runs").isEqualTo(before);
    }
}
