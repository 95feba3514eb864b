package io.clientele.jobs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The public transaction data beside the contract ({@code ../shared/datasets}), turned into
 * a Clientele CSV extract so that tests run real data through the ordinary path.
 */
public final class PublicDatasets {

    private PublicDatasets() {
    }

    public static Path sharedDir() {
        String configured = System.getProperty("clientele.shared.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("../../shared");
        return dir.toAbsolutePath().normalize();
    }

    public static Path cdnowSample() {
        return sharedDir().resolve("datasets/cdnow/CDNOW_sample.txt");
    }

    /**
     * CDNOW sample (2,357 customers, 6,919 transactions, 1997-01-01 .. 1998-06-30) as
     * orders.csv + order_lines.csv: one order per transaction (id = customer and line
     * number of the file), one line of quantity 1 at the transaction's dollar value, so
     * that an order's revenue is the published dollar_value.
     */
    public static Path cdnowExtract(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        List<String> lines = Files.readAllLines(cdnowSample(), StandardCharsets.US_ASCII);
        try (BufferedWriter orders = Files.newBufferedWriter(inbox.resolve("orders.csv"));
             BufferedWriter orderLines = Files.newBufferedWriter(inbox.resolve("order_lines.csv"))) {
            orders.write("order_id,customer_id,order_ts,channel,status,updated_at\n");
            orderLines.write("order_id,line_no,product_id,quantity,unit_price,discount_amount\n");
            int n = 0;
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length != 5) {
                    continue;
                }
                n++;
                String customer = "CD" + f[1];
                String date = f[2].substring(0, 4) + "-" + f[2].substring(4, 6) + "-" + f[2].substring(6, 8);
                String order = "T" + n;
                orders.write(order + "," + customer + "," + date + "T00:00:00,web,completed,\n");
                orderLines.write(order + ",1,CD," + "1," + f[4] + ",\n");
            }
        }
        return inbox;
    }
}
