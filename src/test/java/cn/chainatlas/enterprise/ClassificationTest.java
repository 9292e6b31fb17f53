package cn.chainatlas.enterprise;

import cn.chainatlas.testing.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classification of 主营产品 against the real seeds, measured on a labelled set
 * (src/test/resources/classification/products.tsv, written before the rules were tuned): precision and recall
 * over (product text, node) pairs must both reach 0.9. Prints every miss, so a change of rules or aliases shows
 * what it gained and lost.
 */
@MicronautTest
class ClassificationTest extends DatabaseTest {

    @Inject
    Classifier classifier;

    @Override
    protected String seedMode() {
        return "reference";
    }

    record Labelled(String text, Set<String> nodes, String why) {
    }

    static List<Labelled> labelled() throws IOException {
        List<Labelled> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ClassificationTest.class.getResourceAsStream("/classification/products.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Set<String> nodes = new HashSet<>();
                for (String n : f[1].trim().split("\\s+")) {
                    if (!n.isBlank()) {
                        nodes.add(n);
                    }
                }
                out.add(new Labelled(f[0], nodes, f.length > 2 ? f[2] : ""));
            }
        }
        return out;
    }

    @Test
    void precisionAndRecallOnTheLabelledSetReach90Percent() throws IOException {
        int truePositives = 0;
        int predicted = 0;
        int expected = 0;
        List<String> misses = new ArrayList<>();
        List<Labelled> set = labelled();
        for (Labelled l : set) {
            Set<String> got = new HashSet<>();
            classifier.classify(l.text()).forEach(m -> got.add(m.nodeCode()));
            Set<String> hit = new HashSet<>(got);
            hit.retainAll(l.nodes());
            truePositives += hit.size();
            predicted += got.size();
            expected += l.nodes().size();
            if (!got.equals(l.nodes())) {
                misses.add(l.text() + "  expected " + l.nodes() + "  got " + got + "  (" + l.why() + ")");
            }
        }
        double precision = predicted == 0 ? 1 : (double) truePositives / predicted;
        double recall = expected == 0 ? 1 : (double) truePositives / expected;
        System.out.printf("Classification on %d labelled texts: precision %.3f (%d/%d), recall %.3f (%d/%d)%n",
                set.size(), precision, truePositives, predicted, recall, truePositives, expected);
        misses.forEach(m -> System.out.println("  miss: " + m));
        assertThat(set).hasSizeGreaterThan(100);
        assertThat(precision).as("precision; misses:\n" + String.join("\n", misses)).isGreaterThanOrEqualTo(0.9);
        assertThat(recall).as("recall; misses:\n" + String.join("\n", misses)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void anApplicationIsNotTheProduct() {
        assertThat(classifier.classify("工业机器人用交流伺服电机")).extracting(NodeMatch::nodeCode)
                .contains("SERVO_MOTOR").doesNotContain("INDUSTRIAL_ROBOT");
        assertThat(classifier.classify("精密陶瓷结构件（半导体设备用）")).extracting(NodeMatch::nodeCode)
                .doesNotContain("ETCH_EQUIP", "DEPOSITION_EQUIP");
        assertThat(classifier.classify("用于风力发电机组的增速齿轮箱")).extracting(NodeMatch::nodeCode)
                .containsExactly("GEARBOX");
        assertThat(classifier.classify("刻蚀设备零部件")).extracting(NodeMatch::nodeCode).doesNotContain("ETCH_EQUIP");
        assertThat(classifier.classify("工业机器人本体")).extracting(NodeMatch::nodeCode).containsExactly("INDUSTRIAL_ROBOT");
        assertThat(classifier.classify("加工中心整机")).extracting(NodeMatch::nodeCode).containsExactly("MACHINING_CENTER");
    }
}
