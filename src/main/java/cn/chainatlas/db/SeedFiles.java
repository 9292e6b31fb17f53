package cn.chainatlas.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds seed files. The {@code seeds/} folder is packed into the jar; a {@code seeds/} folder in the working
 * directory, or {@code CHAINATLAS_SEEDS_DIR}, wins so that an operator can edit seeds without a rebuild.
 */
public final class SeedFiles {

    private SeedFiles() {
    }

    /** A seed file to read, named by its path below {@code seeds/}, e.g. {@code geo/cities.yaml}. */
    public record SeedFile(String name, Path path) {
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    /** The files of one seed folder (e.g. {@code chains}) with the given ending, sorted by name. */
    public static List<SeedFile> list(String folder, String ending) {
        Path dir = root().resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(ending))
                    .sorted()
                    .map(p -> new SeedFile(folder + "/" + p.getFileName(), p))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SeedFile file(String name) {
        return new SeedFile(name, root().resolve(name));
    }

    private static Path root() {
        String configured = System.getenv("CHAINATLAS_SEEDS_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path local = Path.of("seeds");
        if (Files.isDirectory(local.resolve("chains"))) {
            return local;
        }
        URL url = SeedFiles.class.getClassLoader().getResource("seeds");
        if (url == null) {
            return local;
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return fs.getPath("/seeds");
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("Cannot read the seeds packed in the jar", e);
        }
    }
}
