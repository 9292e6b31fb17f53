package cn.chainatlas.report;

import org.apache.poi.xddf.usermodel.chart.XDDFChart;
import org.apache.xmlbeans.XmlCursor;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTBarChart;
import org.openxmlformats.schemas.drawingml.x2006.chart.STBarGrouping;

/**
 * Stacked bars drawn on top of each other ({@code <c:overlap val="100"/>}), as Excel's own stacked column chart
 * is; without it Excel offsets each series sideways. {@code XDDFBarChartData.setOverlap} needs a schema type that
 * poi-ooxml-lite leaves out, so the attribute is written as text through a cursor rather than pulling in the 16 MB
 * poi-ooxml-full.
 */
final class StackedBars {

    private StackedBars() {
    }

    /** Call after {@code plot}: every stacked bar chart of the chart gets overlap 100. */
    static void overlapFully(XDDFChart chart) {
        for (CTBarChart bar : chart.getCTChart().getPlotArea().getBarChartArray()) {
            if (bar.getGrouping() != null && bar.getGrouping().getVal() == STBarGrouping.STACKED && !bar.isSetOverlap()) {
                try (XmlCursor c = bar.addNewOverlap().newCursor()) {
                    c.toNextToken();
                    c.insertAttributeWithValue("val", "100");
                }
            }
        }
    }
}
