package cn.chainatlas.browser;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the chain graph as a reader meets it at 1440 px and on a 390 px phone. The tooltip of a node at the
 * graph's right edge, and of one at the bottom of the screen, lies wholly inside the viewport; the final
 * equipment's names (the top row, drawn by ECharts on the canvas, so measured through its label elements) never
 * overlap one another, and at 1440 px every one of them is shown.
 */
@MicronautTest
class ChainGraphBrowserTest extends BrowserTest {

    private JavascriptExecutor js() {
        return (JavascriptExecutor) driver;
    }

    private void screen(int width, int height, boolean mobile) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    @AfterEach
    void desktop() {
        if (driver != null) {
            ((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** The graph's nodes as the page shows them: code, name, whether final equipment, centre in viewport pixels. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> nodes() {
        return (List<Map<String, Object>>) js().executeScript("""
                var dom = document.getElementById('chain-graph');
                var c = echarts.getInstanceByDom(dom);
                if (!c || !c.getModel() || !c.getModel().getSeriesByIndex(0)) { return []; }
                var data = c.getModel().getSeriesByIndex(0).getData(), box = dom.getBoundingClientRect(), out = [];
                for (var i = 0; i < data.count(); i++) {
                  var p = c.convertToPixel({ seriesIndex: 0 }, data.getItemLayout(i));
                  var raw = data.getRawDataItem(i);
                  out.push({ i: i, id: raw.id, name: raw.name, finalEquipment: raw.symbol === 'roundRect',
                             x: box.left + p[0], y: box.top + p[1] });
                }
                return out;
                """);
    }

    /** Moves the pointer onto the node and returns the shown tooltip's box (left, top, right, bottom) and text. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> hover(Map<String, Object> node) {
        // to the node's centre in viewport pixels (an element origin would mean the centre of the graph's visible
        // part, which is not its centre once the graph is taller than the screen), then a pixel along it
        int x = (int) Math.round(num(node, "x"));
        int y = (int) Math.round(num(node, "y"));
        Map<String, Object> viewport = (Map<String, Object>) js().executeScript(
                "return {w: window.innerWidth, h: window.innerHeight, vh: window.visualViewport ? window.visualViewport.height : -1};");
        assertThat(x > 0 && y > 0 && x < num(viewport, "w") - 1 && y < num(viewport, "h") - 1)
                .as("the node " + node + " is on the screen " + viewport).isTrue();
        new Actions(driver).moveToLocation(x, y).moveByOffset(1, 0).perform();
        String name = (String) node.get("name");
        return eventually(d -> (Map<String, Object>) js().executeScript("""
                var tips = Array.prototype.filter.call(document.querySelectorAll('#chain-graph div'), function (d) {
                  var cs = getComputedStyle(d), r = d.getBoundingClientRect();
                  return d.style.zIndex === '9999999' && cs.display !== 'none' && cs.visibility !== 'hidden'
                    && r.width > 0 && d.textContent.indexOf(arguments[0]) >= 0;
                });
                if (!tips.length) { return null; }
                var r = tips[0].getBoundingClientRect();
                return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, text: tips[0].textContent,
                         vw: window.innerWidth, vh: window.innerHeight };
                """.replace("arguments[0]", "'" + name.replace("'", "\\'") + "'")));
    }

    private void assertInsideTheViewport(Map<String, Object> tip, String what) {
        double vw = ((Number) tip.get("vw")).doubleValue();
        double vh = ((Number) tip.get("vh")).doubleValue();
        assertThat(((Number) tip.get("left")).doubleValue()).as(what + ": the tooltip's left edge " + tip).isGreaterThanOrEqualTo(0);
        assertThat(((Number) tip.get("top")).doubleValue()).as(what + ": the tooltip's top edge " + tip).isGreaterThanOrEqualTo(0);
        assertThat(((Number) tip.get("right")).doubleValue()).as(what + ": the tooltip's right edge " + tip).isLessThanOrEqualTo(vw + 0.5);
        assertThat(((Number) tip.get("bottom")).doubleValue()).as(what + ": the tooltip's bottom edge " + tip).isLessThanOrEqualTo(vh + 0.5);
    }

    /** The final equipment's labels: shown ones with their boxes on the screen, and how many are hidden. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> finalEquipmentLabels() {
        Object found = js().executeScript("""
                var c = echarts.getInstanceByDom(document.getElementById('chain-graph'));
                var data = c.getModel().getSeriesByIndex(0).getData(), shown = [], hidden = [], all = 0;
                for (var i = 0; i < data.count(); i++) {
                  if (data.getRawDataItem(i).symbol !== 'roundRect') { continue; }
                  all++;
                  // the label hangs on the node's symbol path (ECharts' Symbol group holds it)
                  var el = data.getItemGraphicEl(i), host = el && el.getSymbolPath ? el.getSymbolPath() : el;
                  var t = host && host.getTextContent();
                  if (!t) { return 'no label element for ' + data.getRawDataItem(i).name; }
                  if (t.ignore || t.invisible) { hidden.push(data.getRawDataItem(i).name); continue; }
                  var r = t.getBoundingRect().clone();
                  r.applyTransform(t.getComputedTransform());
                  shown.push({ name: data.getRawDataItem(i).name, x: r.x, y: r.y, w: r.width, h: r.height });
                }
                return { all: all, shown: shown, hidden: hidden };
                """);
        assertThat(found).as("the final equipment's label elements").isInstanceOf(Map.class);
        return (Map<String, Object>) found;
    }

    private static List<String> overlaps(List<Map<String, Object>> labels) {
        List<String> found = new ArrayList<>();
        for (int a = 0; a < labels.size(); a++) {
            for (int b = a + 1; b < labels.size(); b++) {
                Map<String, Object> p = labels.get(a);
                Map<String, Object> q = labels.get(b);
                double px = num(p, "x"), py = num(p, "y"), qx = num(q, "x"), qy = num(q, "y");
                double ox = Math.min(px + num(p, "w"), qx + num(q, "w")) - Math.max(px, qx);
                double oy = Math.min(py + num(p, "h"), qy + num(q, "h")) - Math.max(py, qy);
                if (ox > 0.5 && oy > 0.5) {
                    found.add(p.get("name") + " × " + q.get("name"));
                }
            }
        }
        return found;
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private List<Map<String, Object>> drawnGraph(String chain) {
        open("/chains/" + chain);
        waitFor(By.cssSelector("#gap-table tr[data-node]"));
        // the last word counts: the graph is drawn once its data and the gaps arrived
        return eventually(d -> {
            List<Map<String, Object>> n = nodes();
            return n.size() > 3 && n.equals(nodes()) ? n : null;
        });
    }

    private void checkTooltipsAndLabels(String chain, String size, boolean phone) {
        List<Map<String, Object>> nodes = drawnGraph(chain);
        Map<String, Object> labels = finalEquipmentLabels();
        List<Map<String, Object>> shown = (List<Map<String, Object>>) labels.get("shown");
        System.out.printf("chain %s at %s: %s final equipment, labels shown %d, hidden %s%n", chain, size,
                labels.get("all"), shown.size(), labels.get("hidden"));
        assertThat(overlaps(shown)).as(chain + " at " + size + ": final-equipment labels that overlap").isEmpty();
        if (!phone) {
            assertThat(labels.get("hidden")).as(chain + " at " + size + ": every final equipment is named").isEqualTo(List.of());
        } else {
            assertThat(shown).as(chain + " at " + size + ": final equipment named").isNotEmpty();
        }

        // the rightmost node of the graph
        Map<String, Object> right = nodes.stream().max((a, b) -> Double.compare(num(a, "x"), num(b, "x"))).orElseThrow();
        js().executeScript("window.scrollTo(0, window.scrollY + arguments[0] - window.innerHeight / 2);", num(right, "y"));
        right = nodes().stream().filter(n -> n.get("id").equals(nodes.stream().max((a, b) -> Double.compare(num(a, "x"), num(b, "x")))
                .orElseThrow().get("id"))).findFirst().orElseThrow();
        Map<String, Object> tip = hover(right);
        assertInsideTheViewport(tip, chain + " at " + size + ", node at the right edge " + right.get("name"));
        screenshot("chain-tooltip-right-" + size);

        // the lowest node, scrolled to just above the bottom of the screen
        Object lowestId = nodes.stream().max((a, b) -> Double.compare(num(a, "y"), num(b, "y"))).orElseThrow().get("id");
        Map<String, Object> lowest = nodes().stream().filter(n -> n.get("id").equals(lowestId)).findFirst().orElseThrow();
        js().executeScript("window.scrollBy(0, arguments[0] - (window.innerHeight - 60));", num(lowest, "y"));
        lowest = nodes().stream().filter(n -> n.get("id").equals(lowestId)).findFirst().orElseThrow();
        tip = hover(lowest);
        assertInsideTheViewport(tip, chain + " at " + size + ", node at the bottom " + lowest.get("name"));
        screenshot("chain-tooltip-bottom-" + size);
        assertThat(scriptErrors()).isEmpty();
    }

    @Test
    void tooltipsStayOnTheScreenAndFinalEquipmentNamesDoNotOverlapAt1440() {
        screen(1440, 900, false);
        login("province", DEMO_PASSWORD);
        for (String chain : List.of("CNC", "ROBOT")) {
            checkTooltipsAndLabels(chain, "1440", false);
        }
    }

    @Test
    void tooltipsStayOnTheScreenAndFinalEquipmentNamesDoNotOverlapOnAPhone() {
        screen(390, 844, true);
        login("province", DEMO_PASSWORD);
        for (String chain : List.of("CNC", "ROBOT")) {
            checkTooltipsAndLabels(chain, "390", true);
        }
    }
}
