package io.clientele.jobs.dictionary;

import io.clientele.jobs.dictionary.ContractDefinitions.Definition;
import io.clientele.jobs.dictionary.PublishedSchema.Relation;
import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.catalog.SqlFiles;
import io.clientele.warehouse.catalog.TableManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The data dictionary as one self-contained HTML page (no script, no link outside the page): an
 * index of the tables by layer, then a section per table ({@code #t-<table>}) with its grain,
 * description, key, lineage (upstream: its manifest's {@code depends_on}; downstream: the tables
 * whose {@code depends_on} names it; the staged sources it derives from), the contract's
 * definitions its texts cite (quoted once, at {@code #def-<n-m>}), its SQL, and its columns with
 * their types and comments from the published file when there is one.
 */
public final class DataDictionaryPage {

    /** The layers in the order the night builds them; a layer not named here comes after them. */
    private static final List<String> LAYERS =
            List.of("stage", "star", "predict", "marts", "publish", "checks", "erasure");

    private static final String STAGED = "stg_";

    private final Catalog catalog;
    private final Map<String, Relation> published;
    private final ContractDefinitions contract;
    private final String origin;

    /**
     * @param published the published file's relations (empty: manifests only, no types or counts)
     * @param origin    one line saying what the page was made from, shown at its top
     */
    public DataDictionaryPage(
            Catalog catalog, Map<String, Relation> published, ContractDefinitions contract, String origin) {
        this.catalog = catalog;
        this.published = published;
        this.contract = contract;
        this.origin = origin;
    }

    public String render() {
        Map<String, List<Entry>> byLayer = entriesByLayer();
        Set<String> cited = new TreeSet<>(ContractDefinitionsOrder.INSTANCE);
        StringBuilder html = new StringBuilder(400_000);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Clientele data dictionary</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>Clientele data dictionary</h1>\n<p class=\"origin\">")
                .append(escape(origin))
                .append("</p>\n<nav id=\"index\">\n<h2>Tables</h2>\n")
                .append("<table><thead><tr><th>table</th><th>layer</th><th>published as</th><th>rows</th>")
                .append("<th>grain</th></tr></thead><tbody>\n");
        byLayer.values().stream()
                .flatMap(List::stream)
                .forEach(e -> html.append("<tr><td><a href=\"#t-")
                        .append(escape(e.name))
                        .append("\"><code>")
                        .append(escape(e.name))
                        .append("</code></a></td><td>")
                        .append(escape(e.layer))
                        .append("</td><td>")
                        .append(escape(e.publishedAs()))
                        .append("</td><td class=\"num\">")
                        .append(e.rows())
                        .append("</td><td>")
                        .append(escape(e.grain()))
                        .append("</td></tr>\n"));
        html.append("</tbody></table>\n<p><a href=\"#definitions\">The definitions behind the numbers</a></p>\n")
                .append("</nav>\n");
        for (Map.Entry<String, List<Entry>> layer : byLayer.entrySet()) {
            html.append("<h2 class=\"layer\" id=\"layer-")
                    .append(escape(layer.getKey()))
                    .append("\">")
                    .append(escape(layer.getKey()))
                    .append("</h2>\n");
            for (Entry e : layer.getValue()) {
                section(html, e, cited);
            }
        }
        html.append("<section id=\"definitions\">\n<h2>Definitions</h2>\n")
                .append("<p>The sections of the contract (docs/contract.md) that the tables above cite.</p>\n");
        for (String number : cited) {
            contract.find(number).ifPresent(d -> definition(html, d));
        }
        html.append("</section>\n</body>\n</html>\n");
        return html.toString();
    }

    /** One table: from its manifest, the published file, or both. */
    private record Entry(String name, String layer, TableManifest manifest, Relation relation) {
        String publishedAs() {
            if (relation != null) {
                return relation.kind();
            }
            return manifest.publishedAs().text();
        }

        String rows() {
            return relation == null || relation.rows() == null
                    ? ""
                    : String.format(java.util.Locale.ROOT, "%,d", relation.rows());
        }

        String grain() {
            return manifest == null ? "" : manifest.grain();
        }
    }

    private Map<String, List<Entry>> entriesByLayer() {
        List<String> layers = new ArrayList<>(LAYERS);
        catalog.tables().stream()
                .map(TableManifest::layer)
                .filter(l -> !layers.contains(l))
                .distinct()
                .sorted()
                .forEach(layers::add);
        Map<String, List<Entry>> byLayer = new LinkedHashMap<>();
        for (String layer : layers) {
            for (TableManifest m : catalog.layer(layer)) {
                byLayer.computeIfAbsent(layer, l -> new ArrayList<>())
                        .add(new Entry(m.name(), layer, m, published.get(m.name())));
            }
        }
        // published without a manifest (a file older or newer than this build): shown with what the file says
        published.values().stream()
                .filter(r -> catalog.find(r.name()).isEmpty())
                .forEach(r -> byLayer.computeIfAbsent("published only", l -> new ArrayList<>())
                        .add(new Entry(r.name(), "published only", null, r)));
        return byLayer;
    }

    private void section(StringBuilder html, Entry e, Set<String> cited) {
        TableManifest m = e.manifest;
        Relation r = e.relation;
        html.append("<section class=\"table\" id=\"t-")
                .append(escape(e.name))
                .append("\" data-table=\"")
                .append(escape(e.name))
                .append("\">\n<h3><code>")
                .append(escape(e.name))
                .append("</code></h3>\n");
        if (m != null) {
            html.append("<p class=\"description\">")
                    .append(escape(m.description()))
                    .append("</p>\n<dl>\n<dt>Grain</dt><dd class=\"grain\">")
                    .append(escape(m.grain()))
                    .append("</dd>\n<dt>Key</dt><dd>")
                    .append(m.key().isEmpty() ? "none" : codes(m.key()))
                    .append("</dd>\n");
            if (!m.foreignKeys().isEmpty()) {
                html.append("<dt>Foreign keys</dt><dd>")
                        .append(m.foreignKeys().entrySet().stream()
                                .map(fk -> "<code>" + escape(fk.getKey()) + "</code> → "
                                        + link(fk.getValue().table())
                                        + "<code>." + escape(fk.getValue().column()) + "</code>")
                                .collect(Collectors.joining(", ")))
                        .append("</dd>\n");
            }
            m.partitionedBy()
                    .ifPresent(p -> html.append("<dt>Partitioned by</dt><dd><code>")
                            .append(escape(p))
                            .append("</code></dd>\n"));
        } else if (r.comment() != null) {
            html.append("<p class=\"description\">").append(escape(r.comment())).append("</p>\n<dl>\n");
        } else {
            html.append("<dl>\n");
        }
        html.append("<dt>Published as</dt><dd>").append(escape(e.publishedAs()));
        if (r != null && r.rows() != null) {
            html.append(", <span class=\"rows\">").append(e.rows()).append("</span> rows");
        }
        html.append("</dd>\n");
        if (m != null) {
            html.append("<dt>Upstream</dt><dd>");
            names(html, "upstream", m.dependsOn());
            html.append("</dd>\n<dt>Downstream</dt><dd>");
            names(html, "downstream", downstream(m.name()));
            html.append("</dd>\n<dt>From the sources</dt><dd>");
            names(html, "sources", sources(m.name()));
            html.append("</dd>\n");
            List<String> numbers = citations(m);
            if (!numbers.isEmpty()) {
                html.append("<dt>Definitions</dt><dd>");
                List<String> links = new ArrayList<>();
                for (String n : numbers) {
                    links.add(contract.find(n)
                            .map(d -> {
                                cited.add(n);
                                return "<a href=\"#def-" + anchor(n) + "\">§" + escape(n) + " " + escape(d.title())
                                        + "</a>";
                            })
                            .orElse("contract §" + escape(n)));
                }
                html.append(String.join(", ", links)).append("</dd>\n");
            }
            html.append("<dt>Defined in</dt><dd><code>")
                    .append(escape(m.path()))
                    .append("</code>");
            if (SqlFiles.exists(m.sqlPath())) {
                html.append(" and <code>warehouse/sql/")
                        .append(escape(m.sqlPath()))
                        .append("</code></dd>\n</dl>\n<details><summary>SQL</summary><pre>")
                        .append(escape(SqlFiles.read(m.sqlPath())))
                        .append("</pre></details>\n");
            } else {
                html.append(" (written by the Java code of its step)</dd>\n</dl>\n");
            }
        } else {
            html.append("</dl>\n");
        }
        columns(html, m, r);
        html.append("</section>\n");
    }

    private void columns(StringBuilder html, TableManifest m, Relation r) {
        Map<String, String[]> rows = new LinkedHashMap<>(); // column → type, description
        if (r != null) {
            r.columns().forEach(c -> rows.put(c.name(), new String[] {c.type(), c.comment()}));
        }
        if (m != null) {
            m.columns().forEach((column, text) -> {
                String[] row = rows.get(column);
                if (row == null) {
                    rows.put(column, new String[] {null, text});
                } else if (row[1] == null || row[1].isEmpty()) {
                    row[1] = text;
                }
            });
        }
        html.append("<table class=\"columns\"><thead><tr><th>column</th><th>type</th><th>description</th></tr>")
                .append("</thead><tbody>\n");
        rows.forEach((column, row) -> html.append("<tr data-column=\"")
                .append(escape(column))
                .append("\"><td><code>")
                .append(escape(column))
                .append("</code></td><td><code>")
                .append(row[0] == null ? "" : escape(row[0]))
                .append("</code></td><td>")
                .append(row[1] == null ? "" : escape(row[1]))
                .append("</td></tr>\n"));
        html.append("</tbody></table>\n");
    }

    private void definition(StringBuilder html, Definition d) {
        html.append("<article class=\"definition\" id=\"def-")
                .append(anchor(d.number()))
                .append("\">\n<h3>§")
                .append(escape(d.number()))
                .append(" ")
                .append(escape(d.title()))
                .append("</h3>\n<div class=\"text\">")
                .append(escape(d.text()))
                .append("</div>\n</article>\n");
    }

    private void names(StringBuilder html, String kind, List<String> names) {
        html.append("<ul class=\"").append(kind).append("\">");
        if (names.isEmpty()) {
            html.append("<li class=\"none\">none</li>");
        }
        for (String name : names) {
            html.append("<li data-name=\"")
                    .append(escape(name))
                    .append("\">")
                    .append(link(name))
                    .append("</li>");
        }
        html.append("</ul>");
    }

    /** A table of the page as a link to its section; a staged source or other input as its name. */
    private String link(String name) {
        boolean here = catalog.find(name).isPresent() || published.containsKey(name);
        String code = "<code>" + escape(name) + "</code>";
        if (here) {
            return "<a href=\"#t-" + escape(name) + "\">" + code + "</a>";
        }
        return name.startsWith(STAGED)
                ? code + " (the staged source " + escape(name.substring(STAGED.length())) + ")"
                : code;
    }

    /** The tables whose depends_on names this one, by name. */
    private List<String> downstream(String table) {
        return catalog.tables().stream()
                .filter(t -> t.dependsOn().contains(table))
                .map(TableManifest::name)
                .sorted()
                .toList();
    }

    /** The staged sources ({@code stg_<source>}) the table derives from, following depends_on through the manifests. */
    private List<String> sources(String table) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> found = new TreeSet<>();
        List<String> todo = new ArrayList<>(List.of(table));
        while (!todo.isEmpty()) {
            String t = todo.remove(todo.size() - 1);
            if (!seen.add(t)) {
                continue;
            }
            if (t.startsWith(STAGED)) {
                found.add(t);
            }
            catalog.find(t).ifPresent(m -> todo.addAll(m.dependsOn()));
        }
        return List.copyOf(found);
    }

    private static List<String> citations(TableManifest m) {
        StringBuilder text = new StringBuilder(m.description()).append('\n').append(m.grain());
        m.columns().values().forEach(c -> text.append('\n').append(c));
        return ContractDefinitions.citedIn(text.toString());
    }

    private static String codes(List<String> columns) {
        return columns.stream().map(c -> "<code>" + escape(c) + "</code>").collect(Collectors.joining(", "));
    }

    private static String anchor(String number) {
        return number.replace('.', '-');
    }

    /** Text as HTML: the five characters with a meaning in markup or attributes escaped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Section numbers in reading order: 4.2 before 4.10. */
    private enum ContractDefinitionsOrder implements java.util.Comparator<String> {
        INSTANCE;

        @Override
        public int compare(String a, String b) {
            String[] x = a.split("\\.");
            String[] y = b.split("\\.");
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.length, y.length);
        }
    }

    private static final String STYLE = """
            body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
                   color: #1d232a; }
            h1 { margin-bottom: .2rem; } .origin { color: #5b6570; margin-top: 0; }
            h2.layer { border-bottom: 2px solid #d5dbe1; padding-bottom: .2rem; margin-top: 2.5rem; }
            section.table { border-top: 1px solid #e4e8ec; padding-top: .6rem; margin-top: 1.4rem; }
            table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
            th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid #eceff2; }
            th { background: #f4f6f8; } td.num { text-align: right; white-space: nowrap; }
            dl { display: grid; grid-template-columns: 10rem 1fr; gap: .2rem .8rem; margin: .6rem 0; }
            dt { color: #5b6570; } dd { margin: 0; }
            ul.upstream, ul.downstream, ul.sources { display: inline; padding: 0; margin: 0; }
            ul.upstream li, ul.downstream li, ul.sources li { display: inline; }
            ul.upstream li + li::before, ul.downstream li + li::before, ul.sources li + li::before { content: ", "; }
            code { font-size: 90%; } pre { background: #f4f6f8; padding: .6rem; overflow-x: auto; }
            .definition .text { white-space: pre-wrap; }
            """;
}
