package cn.chainatlas.imports;

import cn.chainatlas.common.Role;
import cn.chainatlas.testing.TestUsers;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files of shared/cases/registry (copied to src/test/resources/cases/registry), each with what a bureau clerk
 * expects of it: the right values in the registry, or a clear refusal naming sheet, row, column and cause. Each
 * file goes through a dry run and then a commit, which must agree.
 */
@MicronautTest
class RealFilesTest extends ImportTestSupport {

    static final String PW = "pass-12345";

    @BeforeAll
    void dongguanBureau() {
        TestUsers.create(dsl, "dongguan", PW, Role.CITY, "441900", null);
    }

    @BeforeEach
    void emptyRegistry() {
        dsl.deleteFrom(ENTERPRISE).execute();
    }

    static byte[] file(String name) {
        try (InputStream in = RealFilesTest.class.getResourceAsStream("/cases/registry/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dry run, then the commit; both must give the same counts and errors. */
    private Answer dryRunThenCommit(String name, String user, String password) {
        Answer dry = upload(file(name), name, "dryRun=true", user, password);
        assertThat(dry.status()).as(dry.body().toString()).isEqualTo(200);
        assertThat(enterpriseCount()).as("a dry run writes nothing").isZero();
        Answer commit = upload(file(name), name, "dryRun=false", user, password);
        assertThat(commit.status()).as(commit.body().toString()).isEqualTo(200);
        for (String k : List.of("rowsTotal", "rowsValid", "rowsRejected", "inserts", "updates")) {
            assertThat(commit.num(k)).as("dry run and commit agree on " + k).isEqualTo(dry.num(k));
        }
        assertThat(commit.errors()).as("dry run and commit agree on the errors").isEqualTo(dry.errors());
        return commit;
    }

    private Answer dryRunThenCommit(String name) {
        return dryRunThenCommit(name, "admin", ADMIN_PASSWORD);
    }

    private Object value(String code, org.jooq.TableField<?, ?> field) {
        return dsl.select(field).from(ENTERPRISE).where(ENTERPRISE.CREDIT_CODE.eq(code)).fetchOne(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(Answer a) {
        return (List<String>) a.body().get("notes");
    }

    @Test
    void creditCodesThatExcelTurnedIntoNumbersAreRefusedNeverGuessed() {
        Answer a = dryRunThenCommit("numeric-credit-codes.xlsx");
        assertThat(a.num("rowsRejected")).isEqualTo(2);
        assertThat(a.num("inserts")).isEqualTo(1);
        assertThat(a.errors()).hasSize(2).allSatisfy(e -> {
            assertThat(e).containsEntry("code", "CODE_STORED_AS_NUMBER").containsEntry("column", "统一社会信用代码")
                    .containsEntry("sheet", "企业名录");
            assertThat((String) e.get("message")).contains("数字格式").contains("15 位").contains("文本")
                    .doesNotContain("校验位");
        }).extracting(e -> e.get("row")).containsExactly(2, 3);
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq("914419001000025000"))).isFalse();
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq("914419003000001000"))).isFalse();
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq("91441900Q4JY1AWB9M"))).isTrue();
    }

    @Test
    void yearMonthDatesAreTheFirstOfTheMonthAndAYearIsNeverASerialDay() {
        Answer a = dryRunThenCommit("year-month-dates.xlsx");
        assertThat(a.errors()).isEmpty();
        Map<String, LocalDate> expected = Map.of(
                "91441900LLEQDMEFL4", LocalDate.of(2019, 3, 1),   // the number 2019.03
                "914419002WFH9MDRM5", LocalDate.of(2019, 3, 1),   // 2019年3月
                "91441900AWDJ0EJA9M", LocalDate.of(2019, 3, 1),   // 2019-03
                "91441900GA2FTBXG4H", LocalDate.of(2019, 1, 1),   // the number 2019: a year, not 1905-07-11
                "91441900EKB619APGE", LocalDate.of(2019, 3, 1),   // the text 2019.03
                "91441900KJPTYQT266", LocalDate.of(2019, 3, 5),   // 2019.3.5
                "91441900WF16A2GE64", LocalDate.of(2019, 3, 1));  // a date cell formatted yyyy年m月
        expected.forEach((code, date) -> assertThat(value(code, ENTERPRISE.FOUNDED_ON)).as(code).isEqualTo(date));
        assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.FOUNDED_ON.lt(LocalDate.of(1950, 1, 1)))).isZero();
    }

    @Test
    void moneyInOtherUnitsIsStoredIn万元AndTheDryRunSaysSo() {
        Answer a = dryRunThenCommit("money-in-other-units.xlsx");
        assertThat(a.errors()).isEmpty();
        assertThat((BigDecimal) value("91441900JAYCTQBX30", ENTERPRISE.REVENUE)).isEqualByComparingTo("12345.6");
        assertThat((BigDecimal) value("91441900JAYCTQBX30", ENTERPRISE.RND_SPENDING)).isEqualByComparingTo("350");
        assertThat((BigDecimal) value("914419006GU16L90BW", ENTERPRISE.REVENUE)).isEqualByComparingTo("9800");
        assertThat((BigDecimal) value("914419006GU16L90BW", ENTERPRISE.RND_SPENDING)).isEqualByComparingTo("120");
        assertThat(notes(a)).anySatisfy(n -> assertThat(n).contains("千元").contains("万元"))
                .anySatisfy(n -> assertThat(n).contains("研发投入").contains("按元读取"));
    }

    @Test
    void mergedCellsGiveTheirValueToEveryRowTheyCover() {
        for (String[] user : new String[][]{{"admin", ADMIN_PASSWORD}, {"dongguan", PW}}) {
            dsl.deleteFrom(ENTERPRISE).execute();
            Answer a = dryRunThenCommit("merged-city-district.xlsx", user[0], user[1]);
            assertThat(a.errors()).as(user[0]).isEmpty();
            assertThat(a.num("inserts")).as(user[0]).isEqualTo(5);
            assertThat(dsl.fetchCount(ENTERPRISE, ENTERPRISE.CITY_CODE.eq("441900"))).as(user[0]).isEqualTo(5);
            assertThat(dsl.select(ENTERPRISE.DISTRICT).from(ENTERPRISE).orderBy(ENTERPRISE.CREDIT_CODE).fetch(ENTERPRISE.DISTRICT))
                    .as(user[0]).containsExactlyInAnyOrder("松山湖", "松山湖", "松山湖", "长安镇", "长安镇");
            assertThat(value("914419004B0NC8FGPA", ENTERPRISE.DISTRICT)).isEqualTo("松山湖");
            assertThat(value("914419007FWNRY1540", ENTERPRISE.DISTRICT)).isEqualTo("长安镇");
        }
    }

    @Test
    void aHiddenOldSheetIsNotReadAndTheDryRunSaysWhichSheetWasRead() {
        Answer a = dryRunThenCommit("hidden-old-sheet.xlsx");
        assertThat(a.num("inserts")).isEqualTo(4);
        assertThat(dsl.select(ENTERPRISE.REVENUE).from(ENTERPRISE).fetch(ENTERPRISE.REVENUE))
                .extracting(BigDecimal::intValue).containsExactlyInAnyOrder(2000, 2001, 2002, 2003);
        assertThat(dsl.fetchExists(ENTERPRISE, ENTERPRISE.CREDIT_CODE.eq("91441900C03G490BHX"))).isFalse();
        assertThat(notes(a)).anySatisfy(n -> assertThat(n).contains("2026年名录"))
                .anySatisfy(n -> assertThat(n).contains("隐藏").contains("2024年名录（已作废）"));
    }

    @Test
    void aStrictOpenXmlWorkbookIsReadLikeAnyOther() {
        Answer a = dryRunThenCommit("strict-open-xml.xlsx");
        assertThat(a.errors()).isEmpty();
        assertThat(a.num("inserts")).isEqualTo(2);
        assertThat(value("91441900J24LJNWGKB", ENTERPRISE.FOUNDED_ON)).isEqualTo(LocalDate.of(2019, 3, 5));
        assertThat(notes(a)).anySatisfy(n -> assertThat(n).contains("Strict"));
    }

    @Test
    void aVeryLongExtraColumnIsARowErrorInTheDryRunAndTheCommitAlike() {
        Answer a = dryRunThenCommit("very-long-extra-column.xlsx");
        assertThat(a.num("inserts")).isEqualTo(1);
        assertThat(a.errors()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("code", "TOO_LONG").containsEntry("column", "企业简介").containsEntry("row", 2);
            assertThat((String) e.get("message")).contains("32767").doesNotContainIgnoringCase("sql");
        });
        assertThat((String) value("9144190083G191D3A9", ENTERPRISE.EXTRA_ATTRIBUTES)).contains("企业简介");
    }

    @Test
    void aRowNumberFormulaFilledDownMakesNoRows() {
        Answer a = dryRunThenCommit("row-number-formula-filled-down.xlsx");
        assertThat(a.num("rowsTotal")).isEqualTo(8);
        assertThat(a.num("rowsRejected")).isZero();
        assertThat(a.num("inserts")).isEqualTo(8);
        assertThat((String) value("914419007N879DTPX3", ENTERPRISE.EXTRA_ATTRIBUTES)).as("序号 is no extra column").isNull();
    }

    @Test
    void thousandsOfDuplicatedStylesAreNoZipBomb() {
        Answer a = dryRunThenCommit("many-duplicate-styles.xlsx");
        assertThat(a.errors()).isEmpty();
        assertThat(a.num("inserts")).isEqualTo(3);
    }
}
