package io.clientele.demo;

import io.clientele.schemas.SourceContracts;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a realistic nightly extract (the nine source CSV files) for demos and load tests:
 * about three years of customers, orders, complaints, surveys, contracts, interactions and
 * marketing spend ending on the run date.
 *
 * <p>Customers are simulated in chunks on a few threads and written strictly in customer
 * order, so the output is byte-identical for the same options whatever the machine, and
 * memory stays bounded by the chunks in flight, not by the number of customers.
 */
public class DemoExtractGenerator {

    static final int HISTORY_YEARS = 3;
    private static final int CHUNK_CUSTOMERS = 2_000;
    private static final int WRITE_BUFFER = 1 << 20;

    static final List<String> PRODUCT_COLUMNS =
            List.of("product_id", "name", "category", "list_price", "unit_cost", "updated_at");
    static final List<String> MARKETING_SPEND_COLUMNS = List.of("month", "channel", "amount");
    /**
     * The columns the simulators write each source's rows in, by {@link Chunk} position: the
     * files' headers come from the contracts, so the two must agree (checked before writing).
     */
    static final List<List<String>> WRITTEN_COLUMNS = List.of(
            CustomerRowSimulator.COLUMNS,
            PRODUCT_COLUMNS,
            ContractSimulator.COLUMNS,
            InteractionSimulator.COLUMNS,
            OrderSimulator.ORDER_COLUMNS,
            OrderSimulator.LINE_COLUMNS,
            ComplaintSimulator.COLUMNS,
            SurveySimulator.COLUMNS,
            MARKETING_SPEND_COLUMNS);

    private final int threads;

    public DemoExtractGenerator() {
        this(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
    }

    /** @param threads simulation threads; does not change the output */
    public DemoExtractGenerator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
    }

    public DemoExtract generate(Path inbox, DemoOptions options) throws IOException {
        return generate(inbox, options, null).history();
    }

    /** The extract, and what the next night's extract of an upsert source would carry. */
    public record WithNextDay(DemoExtract history, DemoExtract nextDay) {}

    /**
     * Writes the extract to {@code inbox} (byte-identical to {@link #generate(Path, DemoOptions)})
     * and, if {@code nextDayInbox} is not null, the next night's delta there: only the rows new
     * or changed on the day after the run date — that day's orders and their lines, contacts,
     * surveys and complaints, customers who sign up, a few new customer versions (SCD2),
     * complaints closed, orders returned (some from an earlier month) and contracts cancelled
     * that day. Sources without such rows get no file (an upsert extract may leave them out).
     */
    public WithNextDay generate(Path inbox, DemoOptions options, Path nextDayInbox) throws IOException {
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(options, "options");
        if (nextDayInbox != null
                && nextDayInbox
                        .toAbsolutePath()
                        .normalize()
                        .equals(inbox.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(
                    "the next day's delta needs a folder of its own, not the inbox " + inbox);
        }
        prepare(inbox);
        if (nextDayInbox != null) {
            prepare(nextDayInbox);
        }
        List<String> headers = headers();
        boolean withNextDay = nextDayInbox != null;
        History history = new History(options.runDate(), HISTORY_YEARS);
        Catalog catalog = Catalog.create(history, options.seed());
        long[] rows = new long[Chunk.SOURCES.length];
        int[][] newCustomers = new int[history.months][Catalog.ACQUISITION_CHANNELS.length];
        // Repeated order rows go after all others, as an incremental extract would carry them.
        StringBuilder orderUpdates = new StringBuilder();

        long[] nextDayRows = new long[Chunk.SOURCES.length];
        StringBuilder nextDayOrderUpdates = new StringBuilder();
        try (Files9 files = new Files9(inbox);
                Files9 nextDayFiles = withNextDay ? new Files9(nextDayInbox) : null) {
            if (nextDayFiles != null) {
                for (int s = 0; s < Chunk.SOURCES.length; s++) {
                    nextDayFiles.writer(s).write(headers.get(s));
                    nextDayFiles.writer(s).write('\n');
                }
            }
            for (int s = 0; s < Chunk.SOURCES.length; s++) {
                files.writer(s).write(headers.get(s));
                files.writer(s).write('\n');
            }
            rows[Chunk.PRODUCTS] = writeProducts(files.writer(Chunk.PRODUCTS), history, catalog);

            int chunks = (options.customers() + CHUNK_CUSTOMERS - 1) / CHUNK_CUSTOMERS;
            ExecutorService pool = threads > 1 && chunks > 1
                    ? Executors.newFixedThreadPool(threads, r -> {
                        Thread t = new Thread(r, "demo-extract");
                        t.setDaemon(true);
                        return t;
                    })
                    : null;
            try {
                Deque<Future<Chunk>> inFlight = new ArrayDeque<>();
                int next = 0;
                for (int written = 0; written < chunks; written++) {
                    while (pool != null && next < chunks && inFlight.size() < 2 * threads) {
                        int from = next++ * CHUNK_CUSTOMERS;
                        inFlight.add(pool.submit(() -> simulate(options, history, catalog, from, withNextDay)));
                    }
                    Chunk chunk = pool != null
                            ? await(inFlight.poll())
                            : simulate(options, history, catalog, written * CHUNK_CUSTOMERS, withNextDay);
                    append(files, chunk, rows, orderUpdates);
                    if (chunk.nextDay != null) {
                        append(nextDayFiles, chunk.nextDay, nextDayRows, nextDayOrderUpdates);
                    }
                    for (int m = 0; m < history.months; m++) {
                        for (int c = 0; c < Catalog.ACQUISITION_CHANNELS.length; c++) {
                            newCustomers[m][c] += chunk.newCustomers[m][c];
                        }
                    }
                }
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
            files.writer(Chunk.ORDERS).append(orderUpdates);
            rows[Chunk.MARKETING_SPEND] =
                    writeMarketingSpend(files.writer(Chunk.MARKETING_SPEND), history, newCustomers, options);
            if (nextDayFiles != null) {
                int first = options.customers();
                int signUps = Math.min(DemoOptions.MAX_CUSTOMERS - first, nextDaySignUps(options.customers(), history));
                Chunk newcomers = new Chunk(first, first + signUps, history.months + 1);
                new CustomerSimulator(options.seed(), options.customers(), history, catalog, newcomers, newcomers)
                        .simulateNewCustomers();
                append(nextDayFiles, newcomers, nextDayRows, nextDayOrderUpdates);
                nextDayFiles.writer(Chunk.ORDERS).append(nextDayOrderUpdates);
            }
        }
        DemoExtract nextDay = null;
        if (withNextDay) {
            for (int s = 0; s < Chunk.SOURCES.length; s++) {
                if (nextDayRows[s] == 0) {
                    Files.delete(nextDayInbox.resolve(Chunk.SOURCES[s] + ".csv"));
                }
            }
            nextDay = extract(nextDayInbox, nextDayRows);
        }
        return new WithNextDay(extract(inbox, rows), nextDay);
    }

    /**
     * The header line of each source's file: its contract's columns, which must be the ones its
     * rows are written in ({@link #WRITTEN_COLUMNS}).
     */
    static List<String> headers() {
        String[] headers = new String[Chunk.SOURCES.length];
        for (int s = 0; s < Chunk.SOURCES.length; s++) {
            List<String> columns = SourceContracts.get(Chunk.SOURCES[s]).columnNames();
            if (!columns.equals(WRITTEN_COLUMNS.get(s))) {
                throw new IllegalStateException("schemas/sources/" + Chunk.SOURCES[s] + ".json has the columns "
                        + columns + ", but the demo generator writes " + WRITTEN_COLUMNS.get(s));
            }
            headers[s] = String.join(",", columns);
        }
        return List.of(headers);
    }

    /**
     * Sign-ups on the day after the run date: the density of sign-ups at the end of the history
     * (they grow exponentially by {@link CustomerSimulator}'s growth factor over it).
     */
    static int nextDaySignUps(int customers, History history) {
        double growth = CustomerSimulator.GROWTH;
        return (int) Math.round(customers * growth * Math.log(growth) / (growth - 1) / history.days);
    }

    /** Appends a chunk's rows to an extract's files (the history's or the next day's) and counts them. */
    private static void append(Files9 files, Chunk chunk, long[] rows, StringBuilder orderUpdates) throws IOException {
        for (int s = 0; s < Chunk.SOURCES.length; s++) {
            if (chunk.out[s] != null) {
                files.writer(s).append(chunk.out[s]);
                rows[s] += chunk.rows[s];
            }
        }
        orderUpdates.append(chunk.orderUpdates);
        rows[Chunk.ORDERS] += chunk.orderUpdateRows;
    }

    private static DemoExtract extract(Path inbox, long[] rows) {
        return new DemoExtract(
                inbox,
                rows[Chunk.CUSTOMERS],
                rows[Chunk.PRODUCTS],
                rows[Chunk.CONTRACTS],
                rows[Chunk.INTERACTIONS],
                rows[Chunk.ORDERS],
                rows[Chunk.ORDER_LINES],
                rows[Chunk.COMPLAINTS],
                rows[Chunk.SURVEYS],
                rows[Chunk.MARKETING_SPEND]);
    }

    /** Creates the inbox, removing the CSV files of an earlier extract but nothing else. */
    private static void prepare(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(inbox, "*.csv")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
    }

    private static Chunk simulate(
            DemoOptions options, History history, Catalog catalog, int from, boolean withNextDay) {
        int to = Math.min(options.customers(), from + CHUNK_CUSTOMERS);
        Chunk chunk = new Chunk(from, to, history.months);
        // A day holds about a thousandth of the history's rows; a hundredth leaves room.
        chunk.nextDay = withNextDay ? new Chunk(from, to, history.months + 1, 0.01) : null;
        new CustomerSimulator(options.seed(), options.customers(), history, catalog, chunk, chunk.nextDay)
                .simulateAll();
        return chunk;
    }

    private static Chunk await(Future<Chunk> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("demo extract interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("demo extract failed", cause);
        }
    }

    /** The product catalogue: {@link #PRODUCT_COLUMNS}. */
    private static long writeProducts(Writer w, History history, Catalog catalog) throws IOException {
        StringBuilder sb = new StringBuilder(64 * catalog.products());
        for (int p = 0; p < catalog.products(); p++) {
            sb.append(catalog.productId[p]).append(',');
            Csv.text(sb, catalog.productName[p])
                    .append(',')
                    .append(Catalog.CATEGORIES[p / Catalog.PRODUCTS_PER_CATEGORY])
                    .append(',');
            Csv.cents(sb, catalog.listCents[p]).append(',');
            if (catalog.unitCostCents[p] >= 0) {
                Csv.cents(sb, catalog.unitCostCents[p]);
            }
            sb.append(',');
            history.timestamp(sb, catalog.productUpdatedAt[p]).append('\n');
        }
        w.append(sb);
        return catalog.products();
    }

    /**
     * Spend per month and channel: a fixed base plus a cost per customer the channel brought
     * in that month, with noise; the month of the run date only so far. {@link #MARKETING_SPEND_COLUMNS}.
     */
    private static long writeMarketingSpend(Writer w, History history, int[][] newCustomers, DemoOptions options)
            throws IOException {
        SplittableRandom r = new SplittableRandom(Rand.mix(options.seed(), -1));
        double scale = options.customers() / 1000.0;
        StringBuilder sb = new StringBuilder();
        long rows = 0;
        for (int m = 0; m < history.months; m++) {
            double monthShare = history.monthDays[m] / 30.4;
            for (int c = 0; c < Catalog.ACQUISITION_CHANNELS.length; c++) {
                double euros = Catalog.MONTHLY_BASE_PER_1000[c] * scale * Math.min(1.0, monthShare)
                        + newCustomers[m][c] * Catalog.COST_PER_ACQUISITION[c];
                long cents = Math.round(euros * Rand.logNormal(r, 1.0, 0.15) * 100);
                sb.append(history.monthText[m])
                        .append(',')
                        .append(Catalog.ACQUISITION_CHANNELS[c])
                        .append(',');
                Csv.cents(sb, cents).append('\n');
                rows++;
            }
        }
        w.append(sb);
        return rows;
    }

    /** The nine writers, closed together; a failure closing one still closes the others. */
    private static final class Files9 implements Closeable {
        private final Writer[] writers = new Writer[Chunk.SOURCES.length];

        Files9(Path inbox) throws IOException {
            try {
                for (int s = 0; s < writers.length; s++) {
                    writers[s] = new BufferedWriter(
                            new OutputStreamWriter(
                                    Files.newOutputStream(inbox.resolve(Chunk.SOURCES[s] + ".csv")),
                                    StandardCharsets.UTF_8),
                            WRITE_BUFFER);
                }
            } catch (IOException | RuntimeException e) {
                try {
                    close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        Writer writer(int source) {
            return writers[source];
        }

        @Override
        public void close() throws IOException {
            IOException failure = null;
            for (Writer w : writers) {
                if (w == null) {
                    continue;
                }
                try {
                    w.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
