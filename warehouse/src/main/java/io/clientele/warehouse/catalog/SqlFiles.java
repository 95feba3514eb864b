package io.clientele.warehouse.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * The files of {@code warehouse/sql/}, read from the classpath at {@code clientele/sql/} (a
 * directory in a build, the warehouse jar in a packaged application, nested or not): listing a
 * folder is what lets a new table be a new file and nothing else.
 */
public final class SqlFiles {

    static final String ROOT = "clientele/sql/";
    /** A file every build has: it finds the root, whatever holds it. */
    private static final String ANCHOR = ROOT + "README.md";

    private SqlFiles() {}

    /** Paths relative to warehouse/sql/ ({@code star/fact_order.yml}) ending with {@code suffix}, sorted. */
    public static List<String> list(String suffix) {
        URL anchor = loader().getResource(ANCHOR);
        if (anchor == null) {
            throw new IllegalStateException("no " + ANCHOR + " on the classpath: the warehouse's SQL is missing");
        }
        TreeSet<String> paths = new TreeSet<>();
        try {
            if ("file".equals(anchor.getProtocol())) {
                Path root = Path.of(anchor.toURI()).getParent();
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile)
                            .map(p -> root.relativize(p).toString().replace('\\', '/'))
                            .filter(p -> p.endsWith(suffix))
                            .forEach(paths::add);
                }
            } else {
                URLConnection connection = anchor.openConnection();
                if (!(connection instanceof JarURLConnection jar)) {
                    throw new IllegalStateException("cannot list " + anchor);
                }
                Enumeration<JarEntry> entries = jar.getJarFile().entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith(ROOT) && name.endsWith(suffix) && !name.endsWith("/")) {
                        paths.add(name.substring(ROOT.length()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + anchor, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(paths);
    }

    /** Whether {@code warehouse/sql/<path>} exists. */
    public static boolean exists(String path) {
        return loader().getResource(ROOT + path) != null;
    }

    /** The text of {@code warehouse/sql/<path>}. */
    public static String read(String path) {
        try (InputStream in = loader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no file warehouse/sql/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read warehouse/sql/" + path, e);
        }
    }

    private static ClassLoader loader() {
        return SqlFiles.class.getClassLoader();
    }
}
