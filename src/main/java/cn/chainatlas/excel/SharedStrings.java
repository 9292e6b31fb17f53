package cn.chainatlas.excel;

import org.apache.poi.util.XMLHelper;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The workbook's shared strings as plain Java strings. POI's ReadOnlySharedStringsTable hands each lookup out as
 * a new XSSFRichTextString (an XMLBeans object), which costs more than the rest of a cell's handling; a registry
 * cell only needs the text. Phonetic runs ({@code <rPh>}) are left out, as Excel shows them.
 */
final class SharedStrings extends DefaultHandler {

    private final List<String> strings = new ArrayList<>();
    private final StringBuilder text = new StringBuilder(64);
    private boolean inT;
    private boolean inPhonetic;

    static List<String> read(InputStream part) throws Exception {
        SharedStrings handler = new SharedStrings();
        try (InputStream in = part) {
            XMLReader xml = XMLHelper.newXMLReader();
            xml.setContentHandler(handler);
            xml.parse(new InputSource(in));
        }
        return handler.strings;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        String n = XlsxReader.local(localName, qName);
        switch (n) {
            case "si" -> text.setLength(0);
            case "t" -> inT = true;
            case "rPh" -> inPhonetic = true;
            default -> {
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String n = XlsxReader.local(localName, qName);
        switch (n) {
            case "si" -> strings.add(text.toString());
            case "t" -> inT = false;
            case "rPh" -> inPhonetic = false;
            default -> {
            }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (inT && !inPhonetic) {
            text.append(ch, start, length);
        }
    }
}
