package io.segmart.marts;

import io.segmart.config.PipelineConfig;
import io.segmart.config.SourceShape;
import io.segmart.quality.DataTest;
import io.segmart.quality.MartTests;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;

/**
 * The Marts stage: builds every mart of {@link #of}, in order, from the typed collections. Its
 * output holds each mart's rows under {@link Mart#tag}.
 */
public class Marts extends PTransform<MartInputs, PCollectionTuple> {
  private final List<Mart> marts;

  public Marts(List<Mart> marts) {
    this.marts = marts;
  }

  /**
   * Every mart of the configuration, in the order users see them listed (the history marts only
   * where the configuration keeps a history). A new mart is one new file and one line here.
   */
  public static List<Mart> of(PipelineConfig config) {
    List<Mart> marts =
        new ArrayList<>(
            List.of(
                new DimCustomers(config),
                new FctSales(config),
                new BusinessOverview(config),
                KpiMart.daily(config),
                KpiMart.monthly(config),
                new KpiWeekdayHour(config),
                new CustomerInsights(config),
                new ProductIntelligence(config),
                new CxExport(config),
                new RejectsMart(config)));
    if (config.clusters != null) {
      marts.add(new Clusters(config));
    }
    if (config.clv != null) {
      marts.add(new ClvModel(config));
      if (config.clv.calibrationEnd != null) {
        marts.add(new ClvHoldout(config));
      }
    }
    if (config.history.enabled) {
      marts.add(new SegmentHistory(config));
      marts.add(new SegmentMigration(config));
    }
    return List.copyOf(marts);
  }

  /**
   * The marts a run writes: every mart of {@link #of}, or for an incremental run those built from
   * the customers ({@link Mart#fromLines}) and the history marts, its snapshot being the point; for
   * a source of per-customer totals, those built from the customers.
   */
  public static List<Mart> forRun(PipelineConfig config, boolean incremental) {
    if (!notProducible(config).isEmpty()) {
      return of(config).stream().filter(m -> !m.fromLines()).toList();
    }
    if (!incremental) {
      return of(config);
    }
    List<Mart> marts = new ArrayList<>(of(config).stream().filter(m -> !m.fromLines()).toList());
    if (!config.history.enabled) {
      marts.add(new SegmentHistory(config));
      marts.add(new SegmentMigration(config));
    }
    return List.copyOf(marts);
  }

  /**
   * The marts that the configuration's source cannot give, by name: those built from lines ({@link
   * Mart#fromLines}) when the source holds per-customer totals; none otherwise.
   */
  public static List<String> notProducible(PipelineConfig config) {
    if (config.source.shape != SourceShape.CUSTOMERS) {
      return List.of();
    }
    return names(of(config).stream().filter(Mart::fromLines).toList());
  }

  public static List<String> names(List<Mart> marts) {
    return marts.stream().map(Mart::name).toList();
  }

  /** Every data test the marts declare, mart by mart. */
  public static List<DataTest> tests(List<Mart> marts) {
    List<DataTest> tests = new ArrayList<>();
    for (Mart mart : marts) {
      MartTests declared = new MartTests(mart.name());
      mart.tests(declared);
      tests.addAll(declared.all());
    }
    return tests;
  }

  @Override
  public PCollectionTuple expand(MartInputs inputs) {
    PCollectionTuple rows = PCollectionTuple.empty(inputs.getPipeline());
    for (Mart mart : marts) {
      PCollection<Row> built = inputs.apply(mart.getName(), mart);
      rows = rows.and(Mart.tag(mart.name()), built);
    }
    return rows;
  }
}
