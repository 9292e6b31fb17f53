package cn.chainatlas.imports;

import cn.chainatlas.common.CreditCode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static cn.chainatlas.db.schema.Tables.IMPORT_BATCH;
import static org.assertj.core.api.Assertions.assertThat;

/** Hostile or broken files: each gets a clear error, and the registry stays exactly as it was. */
@MicronautTest
class BadFilesTest extends ImportTestSupport {

    static final Random RANDOM = new Random(11);

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("chainatlas.imports.max-bytes", "200000", "chainatlas.imports.max-rows", "50");
    }

    static byte[] good() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(RegistryFixtures.HEADER));
        for (int i = 0; i < 5; i++) {
            rows.add(RegistryFixtures.row(CreditCode.random(RANDOM, "441900"), "东莞好企业" + i + "有限公司", "东莞", "电主轴"));
        }
        return RegistryFixtures.xlsx(rows);
    }

    @BeforeAll
    void someRegistry() {
        Answer a = upload(good(), "基础.xlsx", "dryRun=false");
        assertThat(a.num("inserts")).isEqualTo(5);
    }

    /** Uploads for real (commit), expects a whole-file refusal with the code, and that nothing changed. */
    private Answer refused(byte[] content, String fileName, int status, String code) {
        String before = registrySnapshot();
        Answer a = upload(content, fileName, "dryRun=false");
        assertThat(a.status()).as(a.body().toString()).isEqualTo(status);
        assertThat(a.body().get("code")).isEqualTo(code);
        assertThat((String) a.body().get("message")).as("names the file").contains("「" + fileName + "」");
        assertThat(registrySnapshot()).isEqualTo(before);
        return a;
    }

    @Test
    void zipBombIsRefused() throws Exception {
        byte[] xlsx = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(CreditCode.random(RANDOM, "441900"), "炸弹公司", "东莞", "电主轴"))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx)); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] data = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(data, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData");
                    zip.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    zip.write("<!--".getBytes(StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1 << 20];
                    Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < 60; i++) {
                        zip.write(spaces);
                    }
                    zip.write("-->".getBytes(StandardCharsets.UTF_8));
                    zip.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(data);
                }
                zip.closeEntry();
            }
        }
        assertThat(out.size()).isLessThan(200_000);
        Answer a = refused(out.toByteArray(), "bomb.xlsx", 422, "ZIP_BOMB");
        assertThat((String) a.body().get("message")).contains("压缩炸弹");
        long batch = ((Number) a.body().get("batchId")).longValue();
        assertThat(dsl.fetchValue(IMPORT_BATCH.STATUS, IMPORT_BATCH.ID.eq(batch))).isEqualTo("REJECTED");
    }

    @Test
    void fileOverTheSizeLimitIsRefused() {
        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 'a');
        Answer a = refused(big, "big.csv", 413, "FILE_TOO_LARGE");
        assertThat((String) a.body().get("message")).contains("上限");
    }

    @Test
    void fileOverTheRowLimitIsRefused() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(RegistryFixtures.row(CreditCode.random(RANDOM, "441900"), "行数测试" + i + "有限公司", "东莞", "电主轴"));
        }
        Answer a = refused(RegistryFixtures.xlsx(RegistryFixtures.withHeader(rows)), "many.xlsx", 422, "TOO_MANY_ROWS");
        assertThat((String) a.body().get("message")).contains("50");
    }

    @Test
    void encryptedWorkbookIsRefused() throws Exception {
        POIFSFileSystem fs = new POIFSFileSystem();
        EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
        Encryptor enc = info.getEncryptor();
        enc.confirmPassword("secret");
        try (OutputStream os = enc.getDataStream(fs)) {
            os.write(good());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fs.writeFilesystem(out);
        fs.close();
        Answer a = refused(out.toByteArray(), "locked.xlsx", 422, "ENCRYPTED");
        assertThat((String) a.body().get("message")).contains("加密");
    }

    @Test
    void sheetDeclaringEntitiesIsRefused() throws Exception {
        // a DOCTYPE whose entities would expand a thousandfold (billion laughs): refused before anything expands
        byte[] xlsx = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(CreditCode.random(RANDOM, "441900"), "实体公司", "东莞", "电主轴"))));
        String doctype = "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx)); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] data = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(data, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<worksheet");
                    xml = xml.substring(0, at) + doctype + xml.substring(at);
                    zip.write(xml.getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(data);
                }
                zip.closeEntry();
            }
        }
        Answer a = refused(out.toByteArray(), "entities.xlsx", 422, "CORRUPT_FILE");
        assertThat((String) a.body().get("message")).contains("DOCTYPE");
    }

    @Test
    void corruptWorkbookIsRefused() {
        byte[] xlsx = good();
        refused(Arrays.copyOf(xlsx, xlsx.length / 2), "broken.xlsx", 422, "CORRUPT_FILE");
    }

    @Test
    void pictureRenamedToXlsxIsRefused() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
        Answer a = refused(png, "photo.xlsx", 422, "NOT_SPREADSHEET");
        assertThat((String) a.body().get("message")).contains("PNG");
    }

    @Test
    void emptySheetIsRefused() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.createSheet("Sheet1");
            wb.write(out);
            refused(out.toByteArray(), "empty.xlsx", 422, "EMPTY_SHEET");
        }
    }

    @Test
    void headerWithoutDataRowsIsRefused() {
        refused(RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of())), "header-only.xlsx", 422, "EMPTY_SHEET");
    }

    @Test
    void emptyFileIsRefused() {
        refused(new byte[0], "nothing.xlsx", 422, "EMPTY_FILE");
    }

    @Test
    void mergedHeaderCellsAreRefused() throws Exception {
        byte[] xlsx = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(CreditCode.random(RANDOM, "441900"), "合并表头公司", "东莞", "电主轴"))));
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx)); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.getSheetAt(0).addMergedRegion(new CellRangeAddress(0, 0, 16, 17));
            wb.write(out);
            Answer a = refused(out.toByteArray(), "merged.xlsx", 422, "HEADER_MERGED");
            assertThat((String) a.body().get("message")).contains("Q1:R1").contains("第 1 行");
        }
    }

    @Test
    void mergedTitleRowAboveTheHeaderIsFine() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("东莞市企业名录（2024）"));
        rows.addAll(RegistryFixtures.withHeader(List.of(
                RegistryFixtures.row(CreditCode.random(RANDOM, "441900"), "标题行公司", "东莞", "电主轴"))));
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(RegistryFixtures.xlsx(rows)));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.getSheetAt(0).addMergedRegion(new CellRangeAddress(0, 0, 0, 10));
            wb.write(out);
            Answer a = upload(out.toByteArray(), "title.xlsx", "dryRun=true");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.num("rowsValid")).isEqualTo(1);
        }
    }

    @Test
    void sheetWithoutARecognisableHeaderIsRefused() {
        refused(RegistryFixtures.xlsx(List.of(List.of("甲", "乙", "丙"), List.of("1", "2", "3"))), "nohead.xlsx", 422, "HEADER_NOT_FOUND");
    }

    @Test
    void textNamedAsAnExcelFileIsSaidToBeTextNotAnUnseenSheet() {
        Answer a = refused("hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "bad.xlsx", 422, "HEADER_NOT_FOUND");
        assertThat((String) a.body().get("message")).startsWith("文件「bad.xlsx」的扩展名是 Excel，但内容是纯文本，不是 Excel 工作簿");
        Answer csv = refused("hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "bad.csv", 422, "HEADER_NOT_FOUND");
        assertThat((String) csv.body().get("message")).doesNotContain("扩展名是 Excel");
    }

    @Test
    void headerMissingARequiredColumnIsRefused() {
        List<Object> header = new ArrayList<>(RegistryFixtures.HEADER);
        List<Object> row = RegistryFixtures.row(CreditCode.random(RANDOM, "441900"), "缺列公司", "东莞", "电主轴");
        header.remove(6);
        row.remove(6);
        Answer a = refused(RegistryFixtures.xlsx(List.of(header, row)), "missing.xlsx", 422, "MISSING_COLUMN");
        assertThat((String) a.body().get("message")).contains("主营产品");
    }

    @Test
    void formulasAreReadByTheirCachedValue() throws Exception {
        String code = CreditCode.random(RANDOM, "441900");
        List<Object> row = RegistryFixtures.row(code, "公式公司", "东莞", "电主轴");
        row.set(10, new RegistryFixtures.Formula("1000+234"));
        row.set(1, new RegistryFixtures.Formula("\"东莞\"&\"公式精密有限公司\""));
        byte[] xlsx = RegistryFixtures.xlsx(RegistryFixtures.withHeader(List.of(row)));
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx)); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.write(out);
            Answer a = upload(out.toByteArray(), "formula.xlsx", "dryRun=false");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.num("inserts")).isEqualTo(1);
        }
        var e = dsl.selectFrom(cn.chainatlas.db.schema.Tables.ENTERPRISE)
                .where(cn.chainatlas.db.schema.Tables.ENTERPRISE.CREDIT_CODE.eq(code)).fetchOne();
        assertThat(e.getName()).isEqualTo("东莞公式精密有限公司");
        assertThat(e.getRevenue()).isEqualByComparingTo("1234");
    }
}
