package cn.chainatlas.imports;

import cn.chainatlas.excel.RegistryGenerator;
import cn.chainatlas.testing.AppProcess;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server killed (SIGKILL) in the middle of a 100,000-row commit: after a restart the registry is exactly as it
 * was before the import, the batch shows 中断 with its file kept, and the clerk runs it again (issue 13). ChainAtlas
 * runs as a child process on its own data folder, as an operator runs it.
 */
class KillMidCommitTest {

    static final String PASSWORD = "Kill-Test-Admin-2026";

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.createDefault();

    private String auth() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private String get(AppProcess app, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.url(path))).header("Authorization", auth())
                .header("Accept", path.startsWith("/api/") ? "application/json" : "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return r.body();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String body) throws Exception {
        return json.readValue(body, Map.class);
    }

    private Map<String, Object> post(AppProcess app, String path, Path file) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url(path))).header("Authorization", auth())
                .header("Accept", "application/json");
        if (file == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            String boundary = "----kill" + UUID.randomUUID();
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(file), tail)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isBetween(200, 202);
        return map(r.body());
    }

    /** Everything the registry holds that an admin reads: the total and a digest of every enterprise's fields. */
    private String registry(AppProcess app) throws Exception {
        StringBuilder b = new StringBuilder();
        int page = 1;
        while (true) {
            Map<String, Object> p = map(get(app, "/api/v1/enterprises?size=500&page=" + page));
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) p.get("items");
            b.append(p.get("total")).append('|');
            items.forEach(i -> b.append(i).append('\n'));
            if (items.size() < 500) {
                return b.toString();
            }
            page++;
        }
    }

    @Test
    void aKillMidCommitLeavesTheRegistryAsItWasAndTheBatchCanBeRunAgain() throws Exception {
        Path data = temp.resolve("data");
        Map<String, String> env = Map.of("CHAINATLAS_DATA_DIR", data.toString(), "CHAINATLAS_SEED", "reference",
                "CHAINATLAS_ADMIN_PASSWORD", PASSWORD, "CHAINATLAS_ADMIN_MUST_CHANGE_PASSWORD", "false");
        Path small = temp.resolve("small.xlsx");
        Path big = temp.resolve("big.xlsx");
        List<RegistryGenerator.Node> nodes = RegistryGenerator.loadNodes();
        try (OutputStream out = Files.newOutputStream(small)) {
            RegistryGenerator.write(300, 7, false, nodes, out);
        }
        try (OutputStream out = Files.newOutputStream(big)) {
            RegistryGenerator.write(100_000, 8, false, nodes, out);
        }

        String before;
        long batch;
        AppProcess first = AppProcess.start(env, temp.resolve("first.log"));
        try {
            first.awaitHealthy(Duration.ofSeconds(180));
            Map<String, Object> base = post(first, "/api/v1/imports?dryRun=false", small);
            assertThat(base.get("status")).isEqualTo("COMMITTED");
            before = registry(first);
            batch = ((Number) post(first, "/api/v1/imports?dryRun=false&async=true", big).get("batchId")).longValue();
            // wait until the commit is well under way: rows written inside its transaction
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (true) {
                Map<String, Object> b = map(get(first, "/api/v1/imports/" + batch));
                @SuppressWarnings("unchecked")
                Map<String, Object> progress = (Map<String, Object>) b.get("progress");
                if ("RUNNING".equals(b.get("status")) && progress != null && ((Number) progress.get("rowsDone")).longValue() >= 20_000) {
                    break;
                }
                assertThat(b.get("status")).as("still under way").isIn("QUEUED", "RUNNING");
                assertThat(System.nanoTime()).as("the commit got going").isLessThan(deadline);
                Thread.sleep(200);
            }
        } finally {
            first.kill();
        }

        try (AppProcess second = AppProcess.start(env, temp.resolve("second.log"))) {
            second.awaitHealthy(Duration.ofSeconds(180));
            Map<String, Object> b = map(get(second, "/api/v1/imports/" + batch));
            assertThat(b).containsEntry("status", "INTERRUPTED").containsEntry("statusLabel", "中断").containsEntry("fileKept", true);
            assertThat(registry(second)).isEqualTo(before);
            String page = get(second, "/imports");
            assertThat(page).contains("class=\"rerun\"");

            // run it again: the whole file goes in this time
            post(second, "/api/v1/imports/" + batch + "/rerun?async=true", null);
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            Map<String, Object> done;
            do {
                Thread.sleep(500);
                done = map(get(second, "/api/v1/imports/" + batch));
            } while (List.of("QUEUED", "RUNNING").contains(done.get("status")) && System.nanoTime() < deadline);
            assertThat(done.get("status")).as(String.valueOf(done.get("message"))).isEqualTo("COMMITTED");
            int total = ((Number) map(get(second, "/api/v1/enterprises?size=1")).get("total")).intValue();
            int beforeTotal = Integer.parseInt(before.substring(0, before.indexOf('|')));
            assertThat(total).isEqualTo(beforeTotal + ((Number) done.get("inserts")).intValue());
            assertThat(((Number) done.get("inserts")).intValue()).isGreaterThan(90_000);
        }
    }
}
