package io.segmart;

import io.segmart.config.PipelineConfig;
import io.segmart.intermediate.Bands;
import io.segmart.intermediate.CollectOrders;
import io.segmart.intermediate.ComputeCustomerMetrics;
import io.segmart.intermediate.Markets;
import io.segmart.intermediate.ReferenceDate;
import io.segmart.intermediate.ScoreCustomers;
import io.segmart.intermediate.SegmentScheme;
import io.segmart.io.WriteCsvMart;
import io.segmart.io.bigquery.BigQuerySource;
import io.segmart.io.bigquery.MartTables;
import io.segmart.io.bigquery.WriteBigQueryMart;
import io.segmart.marts.MartCatalog;
import io.segmart.marts.BusinessOverview;
import io.segmart.marts.CustomerInsights;
import io.segmart.marts.CxExport;
import io.segmart.marts.DataTests;
import io.segmart.marts.DimCustomers;
import io.segmart.marts.FctSales;
import io.segmart.marts.ProductIntelligence;
import io.segmart.marts.RejectsMart;
import io.segmart.marts.RunSummary;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import io.segmart.model.Reject;
import io.segmart.model.ScoredCustomer;
import io.segmart.options.SegmentationOptions;
import io.segmart.staging.CleanInvoiceLines;
import io.segmart.staging.DropDuplicates;
import io.segmart.staging.ReadInvoices;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServicesImpl;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The SegMart pipeline: invoice files in; staging (parse, clean, drop duplicates), intermediate
 * (orders, customer metrics, scores, segments) and marts out, with data tests that must pass before
 * any mart is written. {@link #build} takes the pipeline, so tests build the same graph on a
 * TestPipeline; {@link SegMart#main} runs it.
 */
public final class SegmentationPipeline {

  /** The marts in the order they are listed to users. */
  public static final List<String> MARTS = List.of(DimCustomers.NAME, FctSales.NAME, BusinessOverview.NAME,
      CustomerInsights.NAME, ProductIntelligence.NAME, CxExport.NAME, RejectsMart.NAME);

  private SegmentationPipeline() {}

  /** Builds the whole graph on {@code pipeline} with the real BigQuery services; see {@link #build(Pipeline, PipelineConfig, SegmentationOptions, BigQueryServices)}. */
  public static Map<String, PCollection<Row>> build(Pipeline pipeline, PipelineConfig config, SegmentationOptions options) {
    return build(pipeline, config, options, new BigQueryServicesImpl());
  }

  /**
   * Builds the whole graph on {@code pipeline}: reads the configured source (files matching
   * {@code options.getInput()}, or BigQuery through {@code bigQuery}), and writes every mart and
   * run_summary.json under {@code options.getOutput()}, or the marts to {@code options.getOutputDataset()}
   * when it is set (cx_export stays a file). Tests pass fake BigQuery services. Returns the marts by name.
   */
  public static Map<String, PCollection<Row>> build(Pipeline pipeline, PipelineConfig config, SegmentationOptions options,
      BigQueryServices bigQuery) {
    String zone = config.source.timeZone;
    Markets markets = new Markets(config);
    String output = options.getOutput();

    // Staging
    PCollectionTuple read = pipeline.apply("ReadInvoices", new ReadInvoices(config.source, options, bigQuery));
    PCollectionTuple cleaned = read.get(ReadInvoices.RECORDS).apply("CleanInvoiceLines", new CleanInvoiceLines(config));
    PCollectionTuple deduplicated = cleaned.get(CleanInvoiceLines.KEPT).apply("DropDuplicates", new DropDuplicates(zone));
    PCollection<InvoiceLine> lines = deduplicated.get(DropDuplicates.UNIQUE);
    PCollection<Reject> rejects = PCollectionList.of(read.get(ReadInvoices.REJECTS))
        .and(cleaned.get(CleanInvoiceLines.REJECTS))
        .apply("AllRejects", Flatten.pCollections());

    // Intermediate
    PCollection<KV<Long, Long>> linesPerDay = deduplicated.get(DropDuplicates.LINES_PER_DAY);
    PCollectionView<Long> asOf = linesPerDay.apply("ReferenceDate", new ReferenceDate(options.getAsOf()));
    PCollection<KV<String, List<Order>>> ordersByCustomer =
        deduplicated.get(DropDuplicates.BY_CUSTOMER).apply("CollectOrders", new CollectOrders());
    PCollection<Order> orders = ordersByCustomer.apply("OrderLists", Values.create())
        .apply("Orders", Flatten.iterables());
    PCollection<CustomerMetrics> metrics =
        ordersByCustomer.apply("ComputeCustomerMetrics", new ComputeCustomerMetrics(asOf, zone));
    PCollection<ScoredCustomer> scored = metrics.apply("ScoreCustomers",
        new ScoreCustomers(options.getRanking(), options.getApproximateRankingError()));

    // Marts
    Map<String, PCollection<Row>> marts = new LinkedHashMap<>();
    PCollection<Row> dim = scored.apply("DimCustomers", new DimCustomers(config, asOf));
    marts.put(DimCustomers.NAME, dim);
    marts.put(FctSales.NAME, lines.apply("FctSales", new FctSales(markets, zone)));
    marts.put(BusinessOverview.NAME,
        lines.apply("BusinessOverview", new BusinessOverview(orders, dim, asOf, markets, zone)));
    marts.put(CustomerInsights.NAME, dim.apply("CustomerInsights", new CustomerInsights()));
    marts.put(ProductIntelligence.NAME, lines.apply("ProductIntelligence", new ProductIntelligence(markets)));
    marts.put(CxExport.NAME, dim.apply("CxExport", new CxExport(config)));
    marts.put(RejectsMart.NAME, rejects.apply("RejectsMart", new RejectsMart()));

    // Facts for the run summary and the read reconciliation
    List<PCollection<KV<String, Long>>> facts = new ArrayList<>();
    facts.add(read.get(ReadInvoices.FACTS));
    PCollection<Long> readRecords = count("CountReadRecords", read.get(ReadInvoices.RECORDS));
    PCollection<Long> readRejects = count("CountReadRejects", read.get(ReadInvoices.REJECTS));
    PCollection<Long> kept = linesPerDay.apply("KeptPerDay", Values.create()).apply("CountKept", Sum.longsGlobally());
    PCollection<Long> rejected = count("CountRejected", rejects);
    PCollection<Long> duplicates = deduplicated.get(DropDuplicates.DUPLICATES).apply("CountDuplicates", Sum.longsGlobally());
    facts.add(fact("read", "ReadRecords", readRecords));
    facts.add(fact("read", "ReadRejects", readRejects));
    facts.add(fact("kept", "Kept", kept));
    facts.add(fact("duplicates", "Duplicates", duplicates));
    facts.add(rejects
        .apply("RejectReasons", MapElements.into(TypeDescriptors.strings()).via(r -> r.reason))
        .apply("CountPerReason", Count.perElement())
        .apply("ReasonFacts", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(kv -> KV.of("rejected." + kv.getKey(), kv.getValue()))));
    marts.forEach((name, rows) -> facts.add(fact("rows." + name, "Rows_" + name, count("Count_" + name, rows))));

    // Data tests
    PCollection<KV<String, Long>> testResults =
        dataTests(pipeline, config, markets, marts, asOf, linesPerDay, List.of(readRecords, readRejects), List.of(kept, rejected, duplicates))
            .enforce(pipeline.begin());
    facts.add(testResults.apply("TestFacts", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
        .via(kv -> KV.of("test." + kv.getKey(), kv.getValue()))));

    // Sinks: marts only once every data test passed
    MartTables tables = new MartTables(MartCatalog.load(), config);
    for (Map.Entry<String, PCollection<Row>> mart : marts.entrySet()) {
      String name = mart.getKey();
      PCollection<Row> rows = mart.getValue();
      PCollection<Row> tested = rows.apply("AfterDataTests_" + name, Wait.on(testResults)).setRowSchema(rows.getSchema());
      if (options.getOutputDataset() != null && !name.equals(CxExport.NAME)) {
        tested.apply("Write_" + name, new WriteBigQueryMart(options.getOutputDataset(), name, rows.getSchema(), tables,
            options.getWriteMethod().beam, options.getWriteDisposition(), bigQuery));
      } else {
        tested.apply("Write_" + name, writer(name, output, rows));
      }
    }
    PCollectionList.of(facts).apply("RunSummary", new RunSummary(output, config.name, describeInput(config, options), asOf));
    return marts;
  }

  /** The input as the run summary states it: a file pattern, or a BigQuery table or query. */
  public static String describeInput(PipelineConfig config, SegmentationOptions options) {
    return config.source.format.equals("bigquery") ? BigQuerySource.of(config.source, options).describe() : options.getInput();
  }

  private static WriteCsvMart writer(String name, String output, PCollection<Row> rows) {
    switch (name) {
      case DimCustomers.NAME:
        return WriteCsvMart.singleFile(output, name, rows.getSchema(), row -> row.getString("customer_id"));
      case FctSales.NAME:
        return WriteCsvMart.partitioned(output, name, rows.getSchema(), row -> row.getValue("invoice_date").toString(), row -> "");
      case BusinessOverview.NAME:
        return WriteCsvMart.singleFile(output, name, rows.getSchema(), row -> "");
      case CustomerInsights.NAME:
        return WriteCsvMart.singleFile(output, name, rows.getSchema(), CustomerInsights::sortKey);
      case ProductIntelligence.NAME:
        return WriteCsvMart.singleFile(output, name, rows.getSchema(), ProductIntelligence::sortKey);
      case CxExport.NAME:
        return WriteCsvMart.singleFile(output, name, rows.getSchema(), CxExport::sortKey).spreadsheetSafe();
      case RejectsMart.NAME:
        return WriteCsvMart.partitioned(output, name, rows.getSchema(), RejectsMart::partition, RejectsMart::sortKey);
      default:
        throw new IllegalArgumentException("no writer for mart " + name);
    }
  }

  private static DataTests dataTests(Pipeline pipeline, PipelineConfig config, Markets markets,
      Map<String, PCollection<Row>> marts,
      PCollectionView<Long> asOf, PCollection<KV<Long, Long>> linesPerDay, List<PCollection<Long>> read,
      List<PCollection<Long>> accountedFor) {
    PCollection<Row> dim = marts.get(DimCustomers.NAME);
    PCollection<Row> fct = marts.get(FctSales.NAME);
    PCollection<Row> overview = marts.get(BusinessOverview.NAME);
    PCollection<Row> insights = marts.get(CustomerInsights.NAME);
    PCollection<Row> products = marts.get(ProductIntelligence.NAME);
    PCollection<Row> cx = marts.get(CxExport.NAME);
    SegmentScheme rfm = new SegmentScheme(config.segments.rfm);
    SegmentScheme grid = new SegmentScheme(config.segments.rfGrid);
    Set<String> marketValues = new HashSet<>(markets.names());
    marketValues.add(Markets.OTHER);
    Set<String> preferences = new HashSet<>(markets.names());
    preferences.add(ProductIntelligence.NO_PREFERENCE);
    DataTests tests = new DataTests()
        .notEmpty(DimCustomers.NAME, dim)
        .uniqueAndNotNull(DimCustomers.NAME, dim, "customer_id")
        .uniqueAndNotNull(CustomerInsights.NAME, insights, "customer_id")
        .uniqueAndNotNull(ProductIntelligence.NAME, products, "product_id")
        .uniqueAndNotNull(CxExport.NAME, cx, "customer_id")
        .notNull(FctSales.NAME, fct, "invoice_id")
        .notNull(FctSales.NAME, fct, "customer_id")
        .notNull(FctSales.NAME, fct, "product_id")
        .acceptedValues(DimCustomers.NAME, dim, "rfm_segment", rfm.segments())
        .acceptedValues(DimCustomers.NAME, dim, "rfm_value_group", rfm.valueGroups())
        .acceptedValues(DimCustomers.NAME, dim, "rf_segment", grid.segments())
        .acceptedValues(CustomerInsights.NAME, insights, "customer_tier", new HashSet<>(CustomerInsights.TIERS))
        .acceptedValues(ProductIntelligence.NAME, products, "product_tier", new HashSet<>(ProductIntelligence.TIERS))
        .acceptedValues(ProductIntelligence.NAME, products, "market_preference", preferences)
        .acceptedValues(FctSales.NAME, fct, "day_type", Set.of("weekday", "weekend"))
        .acceptedValues(FctSales.NAME, fct, "time_segment", Set.of("business_hours", "off_hours"))
        .acceptedValues(FctSales.NAME, fct, "market", marketValues)
        .acceptedValues(CxExport.NAME, cx, "segment", rfm.segments());
    config.bands.forEach((column, bands) ->
        tests.acceptedValues(DimCustomers.NAME, dim, column, new HashSet<>(Bands.labels(bands))));
    for (String score : List.of("r_score", "f_score", "m_score", "rf_r_score", "rf_f_score")) {
      tests.between(DimCustomers.NAME, dim, score, 1, 5);
    }
    tests.equal("reconcile(sum(fct_sales.line_total) = business_overview.total_revenue)", pipeline.begin(), List.of(
        DataTests.columnSum("FctSalesRevenue", fct, "line_total"),
        DataTests.value("OverviewRevenue", overview, "total_revenue")));
    tests.equal("reconcile(customers: dim_customers = customer_insights = cx_export = business_overview)", pipeline.begin(),
        List.of(DataTests.rowCount("DimCustomerCount", dim), DataTests.rowCount("InsightsCount", insights),
            DataTests.rowCount("CxCount", cx), DataTests.value("OverviewCustomers", overview, "total_customers")));
    tests.equal("reconcile(read = kept + rejected + duplicates)", pipeline.begin(),
        List.of(total("ReadTotal", read), total("AccountedTotal", accountedFor)));
    tests.add(linesPerDay.apply("LinesAfterAsOf", ParDo.of(new LinesAfterAsOfFn(asOf)).withSideInputs(asOf))
        .apply("CountLinesAfterAsOf", Sum.longsGlobally())
        .apply("LinesAfterAsOfResult", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(n -> KV.of("no_line_on_or_after_as_of", n))));
    return tests;
  }

  /** Lines on or after the reference date, from the lines per day: metrics "as of" a date cannot use them. */
  static class LinesAfterAsOfFn extends DoFn<KV<Long, Long>, Long> {
    private final PCollectionView<Long> asOf;

    LinesAfterAsOfFn(PCollectionView<Long> asOf) {
      this.asOf = asOf;
    }

    @ProcessElement
    public void process(@Element KV<Long, Long> day, OutputReceiver<Long> out, ProcessContext c) {
      if (day.getKey() >= c.sideInput(asOf)) {
        out.output(day.getValue());
      }
    }
  }

  private static PCollection<Long> count(String name, PCollection<?> collection) {
    return collection.apply(name, Count.globally());
  }

  /** The count as a run-summary fact; {@code step} names the step. */
  private static PCollection<KV<String, Long>> fact(String name, String step, PCollection<Long> value) {
    return value.apply("Fact_" + step,
        MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs())).via(n -> KV.of(name, n)));
  }

  private static PCollection<BigDecimal> total(String name, List<PCollection<Long>> parts) {
    return PCollectionList.of(parts).apply(name + "/Flatten", Flatten.pCollections())
        .apply(name + "/Sum", Sum.longsGlobally())
        .apply(name + "/AsNumber", MapElements.into(TypeDescriptors.bigdecimals()).via(BigDecimal::valueOf));
  }
}
