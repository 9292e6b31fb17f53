package cn.chainatlas.excel;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The workbook's shared strings as plain Java strings. POI's ReadOnlySharedStringsTable hands each lookup out as
 * a new XSSFRichTextString (an XMLBeans object), which costs more than the rest of a cell's handling; a registry
 * cell only needs the text. Phonetic runs ({@code <rPh>}) are left out, as Excel shows them. Read with {@link Xml}.
 */
final class SharedStrings {

    private SharedStrings() {
    }

    static List<String> read(InputStream part, String name) throws Exception {
        List<String> strings = new ArrayList<>();
        StringBuilder text = new StringBuilder(64);
        boolean inT = false;
        boolean inPhonetic = false;
        try (InputStream in = part) {
            XMLStreamReader x = Xml.reader(in);
            try {
                while (x.hasNext()) {
                    switch (x.next()) {
                        case XMLStreamConstants.START_ELEMENT -> {
                            switch (x.getLocalName()) {
                                case "si" -> text.setLength(0);
                                case "t" -> inT = true;
                                case "rPh" -> inPhonetic = true;
                                default -> {
                                }
                            }
                        }
                        case XMLStreamConstants.END_ELEMENT -> {
                            switch (x.getLocalName()) {
                                case "si" -> strings.add(text.toString());
                                case "t" -> inT = false;
                                case "rPh" -> inPhonetic = false;
                                default -> {
                                }
                            }
                        }
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                            if (inT && !inPhonetic) {
                                text.append(x.getTextCharacters(), x.getTextStart(), x.getTextLength());
                            }
                        }
                        case XMLStreamConstants.DTD -> throw Xml.doctype(name);
                        default -> {
                        }
                    }
                }
            } finally {
                x.close();
            }
        }
        return strings;
    }
}
