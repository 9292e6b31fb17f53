package cn.chainatlas.enterprise;

import cn.chainatlas.geo.Cities;

import cn.chainatlas.db.schema.tables.records.EnterpriseRecord;
import cn.chainatlas.excel.RegistryColumn;
import cn.chainatlas.common.Actor;
import jakarta.inject.Singleton;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jooq.Condition;
import org.jooq.DSLContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;

/**
 * The registry (or a filtered part) as .xlsx with the template's headers, so that uploading the export again
 * changes nothing. Written streaming (SXSSF, 100 rows in memory) from keyset-paged reads. Text that a
 * spreadsheet would take for a formula (starting with = + - @) is written as a quote-prefixed text cell. Private
 * fields (money, contacts, the extra columns) are written only where {@link EnterpriseService#seesPrivate} allows.
 */
@Singleton
public class RegistryExport {

    private static final int PAGE = 5000;
    private static final List<org.jooq.Field<?>> EXPORTED = List.of(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE,
            ENTERPRISE.OUTSIDE_PROVINCE, ENTERPRISE.DISTRICT, ENTERPRISE.SIZE_CLASS, ENTERPRISE.ABOVE_SCALE, ENTERPRISE.MAIN_PRODUCTS,
            ENTERPRISE.EXPLICIT_NODES, ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TITLES, ENTERPRISE.REVENUE, ENTERPRISE.RND_SPENDING,
            ENTERPRISE.EMPLOYEES, ENTERPRISE.PATENTS, ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS,
            ENTERPRISE.CONTACT_NAME, ENTERPRISE.CONTACT_PHONE, ENTERPRISE.FOUNDED_ON, ENTERPRISE.EXTRA_ATTRIBUTES,
            ENTERPRISE.PUBLIC_CONSENT);

    private final DSLContext dsl;
    private final EnterpriseService enterprises;
    private final Cities cities;
    private final Classifier classifier;

    RegistryExport(DSLContext dsl, EnterpriseService enterprises, Cities cities, Classifier classifier) {
        this.dsl = dsl;
        this.enterprises = enterprises;
        this.cities = cities;
        this.classifier = classifier;
    }

    /** Writes the workbook; returns the number of enterprises written. */
    public int export(Actor actor, EnterpriseFilter filter, OutputStream out) {
        Condition c = enterprises.condition(filter);
        Set<String> extraKeys = new LinkedHashSet<>();
        // the extra columns' headers come only from rows the actor may see in full: the others' are private
        for (String text : dsl.select(ENTERPRISE.EXTRA_ATTRIBUTES).from(ENTERPRISE).where(c).and(ENTERPRISE.EXTRA_ATTRIBUTES.isNotNull())
                .and(EnterpriseService.privateVisible(actor))
                .fetch(ENTERPRISE.EXTRA_ATTRIBUTES)) {
            extraKeys.addAll(enterprises.extras(text).keySet());
        }
        List<String> extras = new ArrayList<>(extraKeys);
        Classifier.Model model = classifier.model();
        // inline strings: a shared-string table would grow with the export and be serialised slowly at the end
        SXSSFWorkbook wb = new SXSSFWorkbook(null, 100, false, false);
        int count = 0;
        try {
            CellStyle head = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            head.setFont(bold);
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle quoted = wb.createCellStyle();
            quoted.setQuotePrefixed(true);
            CellStyle text = wb.createCellStyle();
            text.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("@"));
            SXSSFSheet sheet = wb.createSheet("企业名录");
            Row h = sheet.createRow(0);
            RegistryColumn[] cols = RegistryColumn.values();
            for (int i = 0; i < cols.length; i++) {
                Cell cell = h.createCell(i);
                cell.setCellValue(cols[i].header());
                cell.setCellStyle(head);
            }
            for (int i = 0; i < extras.size(); i++) {
                Cell cell = h.createCell(cols.length + i);
                cell.setCellValue(extras.get(i));
                cell.setCellStyle(head);
            }
            sheet.createFreezePane(0, 1);
            String after = "";
            int rowNo = 1;
            while (true) {
                // only the exported columns: timestamps and digests would be converted for nothing
                List<EnterpriseRecord> page = dsl.select(EXPORTED).from(ENTERPRISE).where(c).and(ENTERPRISE.CREDIT_CODE.gt(after))
                        .orderBy(ENTERPRISE.CREDIT_CODE).limit(PAGE).fetchInto(ENTERPRISE);
                if (page.isEmpty()) {
                    break;
                }
                for (EnterpriseRecord r : page) {
                    boolean full = EnterpriseService.seesPrivate(actor, r.getCreditCode(), r.getCityCode(),
                            Boolean.TRUE.equals(r.getPublicConsent()));
                    Row row = sheet.createRow(rowNo++);
                    Writer w = new Writer(row, quoted);
                    w.text(0, r.getCreditCode());
                    w.text(1, r.getName());
                    w.text(2, cities.label(r.getCityCode(), r.getOutsideProvince()));
                    w.text(3, r.getDistrict());
                    w.text(4, r.getSizeClass());
                    w.text(5, r.getAboveScale() == null ? null : r.getAboveScale() ? "是" : "否");
                    w.text(6, r.getMainProducts());
                    w.text(7, nodeNames(model, r.getExplicitNodes()));
                    w.text(8, r.getCertifications());
                    w.text(9, r.getTitles());
                    w.number(10, full ? r.getRevenue() : null);
                    w.number(11, full ? r.getRndSpending() : null);
                    w.number(12, r.getEmployees() == null ? null : BigDecimal.valueOf(r.getEmployees()));
                    w.number(13, r.getPatents() == null ? null : BigDecimal.valueOf(r.getPatents()));
                    w.text(14, capacity(r.getCapacityValue(), r.getCapacityUnit()));
                    w.text(15, r.getTechParams());
                    w.text(16, full ? r.getContactName() : null);
                    if (full && r.getContactPhone() != null) {
                        w.text(17, r.getContactPhone());
                        row.getCell(17).setCellStyle(r.getContactPhone().matches("[=+\\-@].*") ? quoted : text);
                    }
                    if (r.getFoundedOn() != null) {
                        Cell cell = row.createCell(18);
                        cell.setCellValue(r.getFoundedOn());
                        cell.setCellStyle(date);
                    }
                    if (full && r.getExtraAttributes() != null) {
                        Map<String, String> m = enterprises.extras(r.getExtraAttributes());
                        for (int i = 0; i < extras.size(); i++) {
                            w.text(cols.length + i, m.get(extras.get(i)));
                        }
                    }
                    count++;
                }
                after = page.get(page.size() - 1).getCreditCode();
                if (page.size() < PAGE) {
                    break;
                }
            }
            wb.write(out);
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            wb.dispose();
            try {
                wb.close();
            } catch (IOException ignored) {
                // only temporary files to free
            }
        }
    }

    static String nodeNames(Classifier.Model model, String explicit) {
        if (explicit == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String code : explicit.split(EnterpriseData.SEPARATOR)) {
            String n = model.nodeName(code);
            names.add(n == null ? code : n);
        }
        return String.join(EnterpriseData.SEPARATOR, names);
    }

    static String capacity(BigDecimal value, String unit) {
        if (value == null) {
            return null;
        }
        String v = value.stripTrailingZeros().toPlainString();
        return unit == null ? v : v + unit;
    }

    private record Writer(Row row, CellStyle quoted) {
        void text(int col, String value) {
            if (value == null) {
                return;
            }
            Cell cell = row.createCell(col);
            cell.setCellValue(value);
            if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) {
                cell.setCellStyle(quoted);
            }
        }

        void number(int col, BigDecimal value) {
            if (value != null) {
                row.createCell(col).setCellValue(value.doubleValue());
            }
        }
    }
}
