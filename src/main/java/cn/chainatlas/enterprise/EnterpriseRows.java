package cn.chainatlas.enterprise;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static cn.chainatlas.db.schema.Tables.ENTERPRISE;

/**
 * The one mapping between {@link EnterpriseData} and a table row. {@code enterprise} and the previous-state
 * table {@code import_previous} name these columns alike, so the same list reads either table.
 */
final class EnterpriseRows {

    /** The content columns of {@code enterprise}, in the order of EnterpriseData's components. */
    static final List<Field<?>> CONTENT = List.of(ENTERPRISE.CREDIT_CODE, ENTERPRISE.NAME, ENTERPRISE.CITY_CODE,
            ENTERPRISE.OUTSIDE_PROVINCE, ENTERPRISE.DISTRICT, ENTERPRISE.SIZE_CLASS, ENTERPRISE.ABOVE_SCALE,
            ENTERPRISE.MAIN_PRODUCTS, ENTERPRISE.CERTIFICATIONS, ENTERPRISE.TITLES, ENTERPRISE.TIER, ENTERPRISE.IS_LEADER,
            ENTERPRISE.REVENUE, ENTERPRISE.RND_SPENDING, ENTERPRISE.EMPLOYEES, ENTERPRISE.PATENTS,
            ENTERPRISE.CAPACITY_VALUE, ENTERPRISE.CAPACITY_UNIT, ENTERPRISE.TECH_PARAMS, ENTERPRISE.CONTACT_NAME,
            ENTERPRISE.CONTACT_PHONE, ENTERPRISE.FOUNDED_ON, ENTERPRISE.EXPLICIT_NODES, ENTERPRISE.EXTRA_ATTRIBUTES);

    /** Columns an import writes besides the content: the batch, the digest and the duplicate key. */
    static final List<Field<?>> IMPORT_MARKS = List.of(ENTERPRISE.LAST_BATCH_ID, ENTERPRISE.CONTENT_HASH, ENTERPRISE.NAME_KEY);

    private EnterpriseRows() {
    }

    /** The same columns in another table that names them alike (import_previous). */
    static List<Field<?>> in(Table<?> table, List<Field<?>> columns) {
        List<Field<?>> out = new ArrayList<>(columns.size());
        for (Field<?> f : columns) {
            Field<?> same = table.field(f.getName());
            if (same == null) {
                throw new IllegalStateException(table.getName() + " has no column " + f.getName());
            }
            out.add(same);
        }
        return out;
    }

    /** Reads a row selected with {@code columns} (CONTENT, or CONTENT in another table). */
    static EnterpriseData data(Record r, List<Field<?>> columns) {
        Object[] v = new Object[columns.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.get(columns.get(i));
        }
        return new EnterpriseData((String) v[0], (String) v[1], (String) v[2], (String) v[3], (String) v[4],
                (String) v[5], (Boolean) v[6], (String) v[7], (String) v[8], (String) v[9], (String) v[10],
                Boolean.TRUE.equals(v[11]), (BigDecimal) v[12], (BigDecimal) v[13], (Integer) v[14], (Integer) v[15],
                (BigDecimal) v[16], (String) v[17], (String) v[18], (String) v[19], (String) v[20], (LocalDate) v[21],
                (String) v[22], (String) v[23]);
    }

    /** The values of CONTENT for a row. */
    static Object[] values(EnterpriseData d) {
        return new Object[]{d.creditCode(), d.name(), d.cityCode(), d.outsideProvince(), d.district(),
                d.sizeClass(), d.aboveScale(), d.mainProducts(), d.certifications(), d.titles(), d.tier(),
                d.leader(), d.revenue(), d.rndSpending(), d.employees(), d.patents(), d.capacityValue(),
                d.capacityUnit(), d.techParams(), d.contactName(), d.contactPhone(), d.foundedOn(),
                d.explicitNodes(), d.extraAttributes()};
    }
}
