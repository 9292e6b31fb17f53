package cn.chainatlas.enterprise;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * One enterprise's registry content in its normalised form: what an import produces from a row, what an edit
 * produces from a form, and what the content hash is computed over (so export → import compares equal).
 * Multi-valued fields are joined with 、 in their canonical order; explicitNodes holds node codes.
 */
@Serdeable
public record EnterpriseData(
        String creditCode,
        String name,
        @Nullable String cityCode,
        @Nullable String outsideProvince,
        @Nullable String district,
        @Nullable String sizeClass,
        @Nullable Boolean aboveScale,
        String mainProducts,
        @Nullable String certifications,
        @Nullable String titles,
        @Nullable String tier,
        boolean leader,
        @Nullable BigDecimal revenue,
        @Nullable BigDecimal rndSpending,
        @Nullable Integer employees,
        @Nullable Integer patents,
        @Nullable BigDecimal capacityValue,
        @Nullable String capacityUnit,
        @Nullable String techParams,
        @Nullable String contactName,
        @Nullable String contactPhone,
        @Nullable LocalDate foundedOn,
        @Nullable String explicitNodes,
        @Nullable String extraAttributes) {

    public static final String SEPARATOR = "、";

    /** Digest over every field and the node set; equal digests mean an import would change nothing. */
    public String contentHash(List<NodeMatch> nodes) {
        StringBuilder b = new StringBuilder(512);
        Object[] values = {creditCode, name, cityCode, outsideProvince, district, sizeClass, aboveScale, mainProducts,
                certifications, titles, tier, leader, dec(revenue), dec(rndSpending), employees, patents,
                dec(capacityValue), capacityUnit, techParams, contactName, contactPhone, foundedOn, explicitNodes,
                extraAttributes};
        for (Object v : values) {
            b.append(v == null ? "\u0000" : v.toString()).append('\u0001');
        }
        List<NodeMatch> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(NodeMatch::nodeCode));
        for (NodeMatch n : sorted) {
            // the source is left out: explicit nodes are already part of the fields, and a clerk's assignment
            // (MANUAL) must compare equal to the same nodes coming back through an exported sheet
            b.append(n.nodeCode()).append(';');
        }
        MessageDigest md = MD5.get();
        md.reset();
        return HexFormat.of().formatHex(md.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** One MD5 per thread, reset per row, instead of a provider look-up per row (an import digests every row). */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static String dec(BigDecimal d) {
        return d == null ? null : d.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
