package io.segmart.marts;

import io.segmart.config.PipelineConfig;
import io.segmart.intermediate.Markets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;

/** The row schema of every mart for a configuration (markets, bands and mapped columns add columns), in listing order. */
public final class MartSchemas {
  private MartSchemas() {}

  public static Map<String, Schema> of(PipelineConfig config) {
    Markets markets = new Markets(config);
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(DimCustomers.NAME, DimCustomers.schema(config));
    schemas.put(FctSales.NAME, FctSales.SCHEMA);
    schemas.put(BusinessOverview.NAME, BusinessOverview.schema(markets));
    schemas.put(CustomerInsights.NAME, CustomerInsights.SCHEMA);
    schemas.put(ProductIntelligence.NAME, ProductIntelligence.schema(markets));
    schemas.put(CxExport.NAME, CxExport.schema(config));
    schemas.put(RejectsMart.NAME, RejectsMart.SCHEMA);
    return schemas;
  }
}
