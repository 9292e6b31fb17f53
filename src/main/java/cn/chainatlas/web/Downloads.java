package cn.chainatlas.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How a download is named: the file's Chinese name for today's browsers, an ASCII one for old clients. */
public final class Downloads {

    private Downloads() {
    }

    /**
     * A {@code Content-Disposition} value (RFC 6266 with RFC 5987's {@code filename*}), e.g. for 「对接统计-高端数控机床-东莞.xlsx」.
     *
     * @param name  the name a clerk sees, with its extension
     * @param ascii the name for clients that do not read {@code filename*} (ASCII, no quotes)
     */
    public static String attachment(String name, String ascii) {
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
