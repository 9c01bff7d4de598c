package io.segmart.options;

import io.segmart.config.Ranking;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.TypedRead;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The options of a SegMart run. Runner-neutral: runner settings come from the runner's own options.
 */
public interface SegmentationOptions extends PipelineOptions {

  @Description(
      "Pipeline configuration (YAML): source format and column mapping, cleaning rules, scoring and segment schemes.")
  @Default.String("pipelines/online-retail.yaml")
  @ParameterPattern("^[^\\s]+\\.ya?ml$")
  String getPipeline();

  void setPipeline(String value);

  @Description(
      "Input file pattern (glob, .gz read as gzip). Overrides source.input of a csv configuration.")
  String getInput();

  void setInput(String value);

  @Description(
      "Output folder: one sub-folder per mart, plus run_summary.json. Default: out/<configuration name>.")
  String getOutput();

  void setOutput(String value);

  @Description(
      "Reference date of the metrics, YYYY-MM-DD. Default: the day after the newest kept line (never the wall clock).")
  @ParameterPattern("^\\d{4}-\\d{2}-\\d{2}$")
  String getAsOf();

  void setAsOf(String value);

  @Description(
      "Write the segment history (segment_history, segment_migration): every customer scored and"
          + " segmented as of each snapshot date. Overrides history.enabled of the configuration.")
  Boolean getHistory();

  void setHistory(Boolean value);

  @Description(
      "Time between history snapshots, an ISO-8601 period of at least a day (P7D, P1D, P1M)."
          + " Overrides history.every of the configuration (default P7D).")
  @ParameterPattern("^P[0-9YMWD]+$")
  String getSnapshotEvery();

  void setSnapshotEvery(String value);

  @Description(
      "Earliest history snapshot date, YYYY-MM-DD. Default: the first week of the data (the first"
          + " snapshot date after its first day).")
  @ParameterPattern("^\\d{4}-\\d{2}-\\d{2}$")
  String getSnapshotsFrom();

  void setSnapshotsFrom(String value);

  @Description(
      "Last history snapshot date, YYYY-MM-DD; the snapshots step back from it. Default: the run's"
          + " reference date (--asOf), so the last snapshot is dim_customers.")
  @ParameterPattern("^\\d{4}-\\d{2}-\\d{2}$")
  String getSnapshotsTo();

  void setSnapshotsTo(String value);

  @Description(
      "Weekly incremental run (needs --asOf): reads only --input, the new daily files, and the"
          + " per-customer state that the newest earlier run under --output kept; writes this"
          + " week's snapshot (segment_history, segment_migration from the previous snapshot), the"
          + " customer marts and the state for the next run under <output>/as_of=<asOf>/, and"
          + " leaves earlier weeks' folders as they are. The marts built from every line (fct_sales,"
          + " business_overview, kpi_daily, kpi_monthly, kpi_weekday_hour, product_intelligence)"
          + " come from full runs.")
  @Default.Boolean(false)
  boolean getIncremental();

  void setIncremental(boolean value);

  @Description(
      "State an incremental run continues from: the state folder of an earlier run"
          + " (<output>/as_of=<date>/state). Default: that of the newest complete run under --output"
          + " dated before --asOf; none for the first run.")
  String getStateFrom();

  void setStateFrom(String value);

  @Description(
      "Write report/index.html under a local --output with the marts: a dashboard of the run in one"
          + " file that opens in any browser with no server and no network. false skips it.")
  @Default.Boolean(true)
  boolean getReport();

  void setReport(boolean value);

  @Description(
      "Write every CSV mart safe to open in a spreadsheet: text starting with =, +, -, @, tab or"
          + " carriage return gets a leading apostrophe. cx_export always is; the other marts keep"
          + " values exactly unless this is set.")
  @Default.Boolean(false)
  boolean getSpreadsheetSafe();

  void setSpreadsheetSafe(boolean value);

  @Description(
      "Fail the job when a data test fails, before any mart is written. The segmart command turns"
          + " this off for a local --output: the run then completes into its staging folder, and"
          + " the command reads the tests' results and keeps a failed run's summary, rejects and"
          + " marts apart as diagnostics instead of publishing them.")
  @Default.Boolean(true)
  @Hidden
  boolean getFailOnDataTests();

  void setFailOnDataTests(boolean value);

  @Description(
      "What a damaged input file (a truncated or corrupt .gz) does: FAIL the run with one line naming"
          + " the file, or REJECT its unread rest as one damaged_file reject and read the other files.")
  @Default.Enum("FAIL")
  OnDamagedFile getOnDamagedFile();

  void setOnDamagedFile(OnDamagedFile value);

  @Description(
      "How customers are ranked for scores: EXACT (sorted on one worker; exact up to about 10M customers"
          + " with a 4 GiB worker) or APPROXIMATE (mergeable quantile sketches; any size).")
  @Default.Enum("EXACT")
  Ranking getRanking();

  void setRanking(Ranking value);

  @Description(
      "Most customers the K-means clusters are fitted on (clusters: in the configuration), chosen"
          + " by a hash of their ids, on one worker; every customer is then assigned in parallel.")
  @Default.Long(100_000)
  long getClusterSampleSize();

  void setClusterSampleSize(long value);

  @Description("Rank error allowed by APPROXIMATE ranking, as a fraction of customers.")
  @Default.Double(0.001)
  double getApproximateRankingError();

  void setApproximateRankingError(double value);

  @Description(
      "BigQuery table to read invoice lines from, [project:]dataset.table. Overrides source.table of a"
          + " bigquery configuration.")
  @ParameterPattern("^([a-z][a-z0-9-]*[:.])?[A-Za-z0-9_]+\\.[A-Za-z0-9_$]+$")
  String getInputTable();

  void setInputTable(String value);

  @Description(
      "BigQuery standard SQL query to read invoice lines from. Overrides source.query of a bigquery configuration.")
  String getInputQuery();

  void setInputQuery(String value);

  @Description(
      "How a BigQuery source is read: DIRECT_READ (Storage Read API: only the mapped columns, the date range"
          + " filtered by BigQuery) or EXPORT (an export job to --tempLocation, then Avro files).")
  @Default.Enum("DIRECT_READ")
  ReadMethod getReadMethod();

  void setReadMethod(ReadMethod value);

  @Description(
      "JDBC URL of a database source (format jdbc), such as jdbc:mariadb://db:3306/shop. Default:"
          + " the environment variable SEGMART_JDBC_URL. The password is read from"
          + " SEGMART_JDBC_PASSWORD only, so that it never shows among the job's options.")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description(
      "Database user of a database source. Default: the environment variable SEGMART_JDBC_USER.")
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description(
      "First invoice date read from a BigQuery source, YYYY-MM-DD (inclusive, in source.timeZone).")
  @ParameterPattern("^\\d{4}-\\d{2}-\\d{2}$")
  String getSince();

  void setSince(String value);

  @Description(
      "Invoice date where reading a BigQuery source stops, YYYY-MM-DD (exclusive, in source.timeZone).")
  @ParameterPattern("^\\d{4}-\\d{2}-\\d{2}$")
  String getUntil();

  void setUntil(String value);

  @Description(
      "Check before the run that the BigQuery source has every mapped column with a usable type."
          + " Turn off only where BigQuery cannot be reached while the job is built (offline template builds).")
  @Default.Boolean(true)
  boolean getCheckSourceSchema();

  void setCheckSourceSchema(boolean value);

  @Description(
      "BigQuery dataset for the marts, [project:]dataset. When set, every mart but cx_export is written"
          + " there; cx_export and run_summary.json still go to --output (a bucket in production).")
  @ParameterPattern("^([a-z][a-z0-9-]*[:.])?[A-Za-z0-9_]+$")
  String getOutputDataset();

  void setOutputDataset(String value);

  @Description(
      "How marts are written to BigQuery: FILE_LOADS (load jobs; a rerun replaces its own snapshot"
          + " partition) or STORAGE_WRITE_API (exactly-once streams; appends).")
  @Default.Enum("FILE_LOADS")
  WriteMethod getWriteMethod();

  void setWriteMethod(WriteMethod value);

  @Description(
      "What a BigQuery write does to existing data: WRITE_TRUNCATE (replace the table, or the run's"
          + " snapshot partition), WRITE_APPEND or WRITE_EMPTY (fail unless empty).")
  @Default.Enum("WRITE_TRUNCATE")
  BigQueryIO.Write.WriteDisposition getWriteDisposition();

  void setWriteDisposition(BigQueryIO.Write.WriteDisposition value);

  /** How a BigQuery source is read: the two batch methods of BigQueryIO. */
  enum ReadMethod {
    DIRECT_READ(TypedRead.Method.DIRECT_READ),
    EXPORT(TypedRead.Method.EXPORT);

    public final TypedRead.Method beam;

    ReadMethod(TypedRead.Method beam) {
      this.beam = beam;
    }
  }

  /** How marts are written to BigQuery: the two batch methods of BigQueryIO. */
  enum WriteMethod {
    FILE_LOADS(BigQueryIO.Write.Method.FILE_LOADS),
    STORAGE_WRITE_API(BigQueryIO.Write.Method.STORAGE_WRITE_API);

    public final BigQueryIO.Write.Method beam;

    WriteMethod(BigQueryIO.Write.Method beam) {
      this.beam = beam;
    }
  }
}
