package cn.chainatlas.excel;

import com.fasterxml.aalto.stax.InputFactoryImpl;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;

/**
 * The StAX reader for the two big parts of a workbook, the sheet XML and the shared strings: Aalto (FasterXML's
 * non-validating XML parser, Apache-2.0, kept with Jackson), not the JDK's Xerces SAX. A profile of the dry run
 * (issue 15) found two thirds of the sheet thread inside Xerces' scanner (symbol table, attribute objects,
 * augmentations) for 56 MB of sheet XML; with Aalto the whole read of that 100,000-row file (inflating, shared
 * strings, sheet, cells) took 0.67–0.70 s of CPU against 1.07–1.28 s (warm runs, same machine, same cells out). A
 * maintained parser is worth more than a scanner of our own for entities, character references, CDATA, encodings.
 *
 * <p>No DTD is read: external entities are off, and a part with a DOCTYPE is refused before any entity it
 * declares could expand (Excel and WPS never write one into a workbook part).
 */
final class Xml {

    private static final XMLInputFactory FACTORY = factory();

    private Xml() {
    }

    private static XMLInputFactory factory() {
        // Aalto's own factory by name, whatever other StAX provider the class path offers
        XMLInputFactory f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    static XMLStreamReader reader(InputStream in) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(in);
    }

    /** A workbook part that declares a document type: not something Excel writes, and a way to expand entities. */
    static FileRejected doctype(String part) {
        return new FileRejected("CORRUPT_FILE", "文件已损坏：工作簿部件 " + part + " 含有文档类型声明（DOCTYPE），"
                + "Excel 不会写入这种内容；请用 Excel 或 WPS 打开后另存为“Excel 工作簿（*.xlsx）”再上传");
    }
}
