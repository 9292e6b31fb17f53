package cn.chainatlas.report;

import cn.chainatlas.db.GeneratedKeys;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.LocalDateTime;
import java.util.List;

import static cn.chainatlas.db.schema.Tables.REPORT_DOWNLOAD;

/** The report history (table report_download). */
@Singleton
class ReportHistory {

    /** One download, as the history page lists it. */
    @io.micronaut.serde.annotation.Serdeable
    record Entry(long id, LocalDateTime happenedAt, String username, @Nullable String cityCode, String chainCode,
                 String regionKey, String format, String fileName, long sizeBytes) {
    }

    private final DSLContext dsl;

    ReportHistory(DSLContext dsl) {
        this.dsl = dsl;
    }

    long record(String username, @Nullable String city, String chain, String region, String format, String fileName) {
        return GeneratedKeys.insert(dsl, tx -> tx.insertInto(REPORT_DOWNLOAD)
                .set(REPORT_DOWNLOAD.USERNAME, username)
                .set(REPORT_DOWNLOAD.CITY_CODE, city)
                .set(REPORT_DOWNLOAD.CHAIN_CODE, chain)
                .set(REPORT_DOWNLOAD.REGION_KEY, region)
                .set(REPORT_DOWNLOAD.FORMAT, format)
                .set(REPORT_DOWNLOAD.FILE_NAME, fileName.length() > 255 ? fileName.substring(0, 255) : fileName));
    }

    void stored(long id, String path, long size) {
        dsl.update(REPORT_DOWNLOAD).set(REPORT_DOWNLOAD.STORED_FILE, path).set(REPORT_DOWNLOAD.SIZE_BYTES, size)
                .where(REPORT_DOWNLOAD.ID.eq(id)).execute();
    }

    /** Newest first; {@code city} narrows to a bureau's own downloads, {@code user} to one person's (null: all). */
    List<Entry> list(@Nullable String city, @Nullable String user, int limit) {
        Condition c = DSL.noCondition();
        if (city != null) {
            c = c.and(REPORT_DOWNLOAD.CITY_CODE.eq(city));
        }
        if (user != null) {
            c = c.and(REPORT_DOWNLOAD.USERNAME.eq(user));
        }
        return dsl.selectFrom(REPORT_DOWNLOAD).where(c).orderBy(REPORT_DOWNLOAD.ID.desc()).limit(limit)
                .fetch(r -> new Entry(r.getId(), r.getHappenedAt(), r.getUsername(), r.getCityCode(), r.getChainCode(),
                        r.getRegionKey(), r.getFormat(), r.getFileName(), r.getSizeBytes()));
    }

    @Nullable
    String storedFile(long id) {
        return dsl.select(REPORT_DOWNLOAD.STORED_FILE).from(REPORT_DOWNLOAD).where(REPORT_DOWNLOAD.ID.eq(id)).fetchOne(REPORT_DOWNLOAD.STORED_FILE);
    }

    @Nullable
    Entry entry(long id) {
        return dsl.selectFrom(REPORT_DOWNLOAD).where(REPORT_DOWNLOAD.ID.eq(id))
                .fetchOne(r -> new Entry(r.getId(), r.getHappenedAt(), r.getUsername(), r.getCityCode(), r.getChainCode(),
                        r.getRegionKey(), r.getFormat(), r.getFileName(), r.getSizeBytes()));
    }
}
