package io.segmart.io.jdbc;

import io.segmart.config.InvalidConfigException;
import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import io.segmart.run.RunFailure;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A database source (format jdbc) as the run reads it: the connection (URL and user from the
 * options or the environment, the password from the environment only), the table or query, and the
 * column of each mapped field. The password is never part of what is printed or logged.
 */
public final class JdbcSource implements Serializable {
  public static final String URL_VARIABLE = "SEGMART_JDBC_URL";
  public static final String USER_VARIABLE = "SEGMART_JDBC_USER";
  public static final String PASSWORD_VARIABLE = "SEGMART_JDBC_PASSWORD";

  final String url;
  final String user;
  final String password;
  final String table;
  final String query;
  final String partitionColumn;

  /** Invoice-line field to the column that holds it. */
  final Map<String, String> columns;

  private JdbcSource(
      String url,
      String user,
      String password,
      String table,
      String query,
      String partitionColumn,
      Map<String, String> columns) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.table = table;
    this.query = query;
    this.partitionColumn = partitionColumn;
    this.columns = columns;
  }

  /** The configured source with the connection of the options, else of {@code environment}. */
  public static JdbcSource of(
      PipelineConfig.Source source, SegmentationOptions options, Map<String, String> environment) {
    String url =
        options.getJdbcUrl() != null ? options.getJdbcUrl() : environment.get(URL_VARIABLE);
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "format jdbc needs the database's JDBC URL: --jdbcUrl=jdbc:mariadb://host:3306/database"
              + " or the environment variable "
              + URL_VARIABLE);
    }
    return new JdbcSource(
        url,
        options.getJdbcUser() != null ? options.getJdbcUser() : environment.get(USER_VARIABLE),
        environment.get(PASSWORD_VARIABLE),
        source.table,
        source.query,
        source.partitionColumn,
        Map.copyOf(source.columns));
  }

  /** The table or query and the server, without user, password or URL parameters. */
  public String describe() {
    String server = url.replaceFirst("[?;].*$", "");
    return (table != null ? "table " + table : "query") + " at " + server;
  }

  /** The mapped columns of every row of the table or query. */
  String select() {
    List<String> selected = new ArrayList<>(new java.util.TreeSet<>(columns.values()));
    String from = table != null ? table : "(" + query + ") source";
    return "SELECT " + String.join(", ", selected) + " FROM " + from;
  }

  /**
   * Connects once before the job is built and reads no row of the mapped columns, so that a server
   * that cannot be reached, a refused login or a missing column stops the run with one clear line.
   * Returns the class of the JDBC driver for the URL.
   */
  String check() {
    String driver;
    try {
      driver = DriverManager.getDriver(url).getClass().getName();
    } catch (SQLException e) {
      throw new InvalidConfigException(
          "no JDBC driver for "
              + describe()
              + ": SegMart bundles the drivers of jdbc:mariadb: (MariaDB and MySQL servers) and"
              + " jdbc:postgresql: URLs");
    }
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      try (Statement statement = connection.createStatement()) {
        statement.executeQuery(select() + " WHERE 1 = 0").close();
      } catch (SQLException e) {
        throw new InvalidConfigException(
            "cannot read the mapped columns "
                + columns.values()
                + " of "
                + describe()
                + ": "
                + e.getMessage());
      }
    } catch (SQLException e) {
      throw new RunFailure(
          "cannot connect to the database of "
              + describe()
              + ": "
              + e.getMessage()
              + ". Check --jdbcUrl, --jdbcUser and "
              + PASSWORD_VARIABLE);
    }
    return driver;
  }
}
