package io.segmart.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmart.io.csv.CsvRecordReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * theLook eCommerce-shaped {@code products}, {@code orders} and {@code order_items} for the real
 * users of {@code data/thelook/users.csv.gz}, deterministic by seed: the full theLook tables live
 * in BigQuery only. Order items are written as CSV and as JSON Lines, all gzipped. What it keeps of
 * the real data set's shape: most users buy once or not at all and a few often (a geometric number
 * of orders); orders of one to four items; statuses Complete, Shipped, Processing, Cancelled and
 * Returned at theLook's rough rates, with an item of an order now and then returned or cancelled
 * alone; sale prices from each product's retail price, sometimes discounted; orders from the user's
 * sign-up until the end of September 2025.
 *
 * <pre>scripts/generate-thelook.sh [--seed=42] [--output=data/thelook/generated]</pre>
 */
public final class GenerateTheLook {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final LocalDateTime END = LocalDateTime.parse("2025-09-30T23:59:59");
  private static final List<String> CATEGORIES =
      List.of("Jeans", "Tops & Tees", "Sweaters", "Outerwear & Coats", "Shorts", "Accessories");
  private static final int PRODUCTS = 300;

  private GenerateTheLook() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = ToolOptions.parse(args);
    Path users = Path.of(options.getOrDefault("users", "data/thelook/users.csv.gz"));
    Path output = Path.of(options.getOrDefault("output", "data/thelook/generated"));
    long seed = Long.parseLong(options.getOrDefault("seed", "42"));
    int items = generate(users, output, seed);
    System.out.printf("segmart: wrote %d order items of theLook's users to %s%n", items, output);
  }

  private record Product(int id, String name, String category, BigDecimal retailPrice) {}

  /** Writes the tables under {@code output}; returns the number of order items. */
  public static int generate(Path users, Path output, long seed) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(output);
    List<Product> products = new ArrayList<>();
    try (Csv out =
        new Csv(output.resolve("products.csv.gz"), "id", "name", "category", "retail_price")) {
      for (int id = 1; id <= PRODUCTS; id++) {
        String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
        BigDecimal price =
            BigDecimal.valueOf(8 + Math.exp(random.nextGaussian() * 0.7 + 3.3))
                .setScale(2, RoundingMode.HALF_UP);
        Product p = new Product(id, category + " no. " + id, category, price);
        products.add(p);
        out.row(p.id, p.name, p.category, p.retailPrice);
      }
    }
    ObjectMapper json = new ObjectMapper();
    int orderId = 0;
    int itemId = 0;
    try (Csv orders =
            new Csv(
                output.resolve("orders.csv.gz"),
                "order_id",
                "user_id",
                "status",
                "gender",
                "created_at",
                "returned_at",
                "shipped_at",
                "delivered_at",
                "num_of_item");
        Csv items =
            new Csv(
                output.resolve("order_items.csv.gz"),
                "id",
                "order_id",
                "user_id",
                "product_id",
                "status",
                "created_at",
                "shipped_at",
                "delivered_at",
                "returned_at",
                "sale_price");
        Writer jsonItems = gzip(output.resolve("order_items.jsonl.gz"))) {
      for (Map<String, String> user : csvRows(Files.newInputStream(users))) {
        LocalDateTime signUp =
            LocalDateTime.parse(user.get("created_at").substring(0, 19).replace(' ', 'T'));
        long span = Duration.between(signUp, END).getSeconds();
        // Geometric: 35% no order, then each further order with probability 0.55.
        int count = 0;
        if (random.nextDouble() >= 0.35) {
          count = 1;
          while (random.nextDouble() < 0.55 && count < 20) {
            count++;
          }
        }
        for (int o = 0; o < count && span > 0; o++) {
          orderId++;
          LocalDateTime created = signUp.plusSeconds((long) (random.nextDouble() * span));
          String status = orderStatus(random.nextDouble());
          int n = 1 + Math.min(3, (int) Math.floor(-Math.log(1 - random.nextDouble()) / 0.9));
          LocalDateTime shipped =
              status.equals("Processing") || status.equals("Cancelled")
                  ? null
                  : created.plusHours(6 + random.nextInt(72));
          LocalDateTime delivered =
              shipped == null || status.equals("Shipped")
                  ? null
                  : shipped.plusHours(24 + random.nextInt(96));
          LocalDateTime returned =
              status.equals("Returned") ? delivered.plusDays(2 + random.nextInt(20)) : null;
          orders.row(
              orderId,
              user.get("id"),
              status,
              user.get("gender"),
              TIME.format(created),
              time(returned),
              time(shipped),
              time(delivered),
              n);
          for (int i = 0; i < n; i++) {
            itemId++;
            Product p = products.get(random.nextInt(products.size()));
            BigDecimal price =
                random.nextDouble() < 0.2
                    ? p.retailPrice
                        .multiply(BigDecimal.valueOf(0.7))
                        .setScale(2, RoundingMode.HALF_UP)
                    : p.retailPrice;
            // Now and then one item of a delivered order goes back, or one of a new order is
            // cancelled.
            String itemStatus = status;
            LocalDateTime itemReturned = returned;
            if (status.equals("Complete") && random.nextDouble() < 0.08) {
              itemStatus = "Returned";
              itemReturned = delivered.plusDays(3);
            } else if (status.equals("Processing") && random.nextDouble() < 0.1) {
              itemStatus = "Cancelled";
            }
            items.row(
                itemId,
                orderId,
                user.get("id"),
                p.id,
                itemStatus,
                TIME.format(created),
                time(shipped),
                time(delivered),
                time(itemReturned),
                price);
            ObjectNode item = json.createObjectNode();
            item.put("id", itemId);
            item.put("order_id", orderId);
            item.put("user_id", Integer.parseInt(user.get("id")));
            item.put("product_id", p.id);
            item.put("status", itemStatus);
            item.put("created_at", TIME.format(created));
            item.put("shipped_at", time(shipped));
            item.put("delivered_at", time(delivered));
            item.put("returned_at", time(itemReturned));
            item.put("sale_price", price);
            jsonItems.write(item.toString());
            jsonItems.write('\n');
          }
        }
      }
    }
    return itemId;
  }

  /** theLook's rough mix of order statuses. */
  private static String orderStatus(double u) {
    if (u < 0.45) {
      return "Complete";
    }
    if (u < 0.65) {
      return "Shipped";
    }
    if (u < 0.75) {
      return "Processing";
    }
    return u < 0.90 ? "Cancelled" : "Returned";
  }

  private static String time(LocalDateTime t) {
    return t == null ? null : TIME.format(t);
  }

  /** A gzip CSV file's records (header first) as column name to value. */
  public static List<Map<String, String>> csvRows(InputStream gzip) throws IOException {
    try (Reader in = new InputStreamReader(new GZIPInputStream(gzip), StandardCharsets.UTF_8)) {
      CsvRecordReader csv = new CsvRecordReader(in, ',', 1 << 16);
      List<String> header = csv.next().fields;
      List<Map<String, String>> rows = new ArrayList<>();
      for (CsvRecordReader.Record r = csv.next(); r != null; r = csv.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), r.fields.get(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** A gzip CSV file: its header, then one line per {@link #row} call. */
  private static final class Csv implements AutoCloseable {
    private final Writer out;

    Csv(Path file, String... header) throws IOException {
      out = gzip(file);
      row((Object[]) header);
    }

    void row(Object... values) throws IOException {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        String text = values[i] == null ? "" : values[i].toString();
        out.write(
            text.contains(",") || text.contains("\"")
                ? "\"" + text.replace("\"", "\"\"") + "\""
                : text);
      }
      out.write('\n');
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private static Writer gzip(Path file) throws IOException {
    return new BufferedWriter(
        new OutputStreamWriter(
            new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8));
  }
}
