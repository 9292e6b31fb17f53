package cn.chainatlas.chain;

import cn.chainatlas.db.SeedFiles.SeedFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Seed files from src/test/resources/seed-fixtures, named as the loader names real ones. */
final class SeedFixtures {

    private SeedFixtures() {
    }

    static Path dir(String name) {
        try {
            return Path.of(SeedFixtures.class.getClassLoader().getResource("seed-fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<SeedFile> chains(String name) {
        try (Stream<Path> files = Files.list(dir(name))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted()
                    .map(p -> new SeedFile("chains/" + p.getFileName(), p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SeedFile geo(String file) {
        return new SeedFile("geo/" + file, dir("good/geo").resolve(file));
    }
}
