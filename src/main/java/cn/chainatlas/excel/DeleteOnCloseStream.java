package cn.chainatlas.excel;

import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a temporary workbook file to the client and removes it when the response is done with it, so large
 * downloads are written to disk once and never held in memory.
 */
public final class DeleteOnCloseStream extends FilterInputStream {

    private final Path path;

    public DeleteOnCloseStream(Path path) throws IOException {
        super(Files.newInputStream(path));
        this.path = path;
    }

    @Override
    public void close() throws IOException {
        super.close();
        Files.deleteIfExists(path);
    }
}
