package io.segmart.intermediate;

import io.segmart.config.InvalidConfigException;
import io.segmart.io.csv.CsvRecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The distribution center nearest to a customer by great-circle (haversine) distance on a sphere of
 * the Earth's mean radius; of two at the same distance, the one of the lower id.
 */
public final class NearestCenter implements Serializable {
  /** The Earth's mean radius (IUGG), in km. */
  static final double EARTH_RADIUS_KM = 6371.0088;

  /** A center: id, name, latitude and longitude in degrees. */
  public record Center(long id, String name, double latitude, double longitude)
      implements Serializable {}

  /** The nearest center and its distance in km. */
  public record Nearest(Center center, double km) {}

  private final List<Center> centers;

  public NearestCenter(List<Center> centers) {
    this.centers = centers.stream().sorted(Comparator.comparingLong(Center::id)).toList();
  }

  /**
   * Reads the centers from a CSV file (plain or .gz, local or on an object store) with the columns
   * id, name, latitude and longitude.
   */
  public static NearestCenter load(String file) {
    try (InputStream raw =
            Channels.newInputStream(
                FileSystems.open(FileSystems.matchSingleFileSpec(file).resourceId()));
        InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      CsvRecordReader csv = new CsvRecordReader(reader, ',', 1 << 16);
      CsvRecordReader.Record header = csv.next();
      List<String> names =
          header == null || header.malformed()
              ? List.of()
              : header.fields.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).toList();
      int id = names.indexOf("id");
      int name = names.indexOf("name");
      int latitude = names.indexOf("latitude");
      int longitude = names.indexOf("longitude");
      if (Math.min(Math.min(id, name), Math.min(latitude, longitude)) < 0) {
        throw new IllegalArgumentException("its header lacks id, name, latitude or longitude");
      }
      List<Center> centers = new ArrayList<>();
      for (CsvRecordReader.Record r = csv.next(); r != null; r = csv.next()) {
        if (r.malformed() || r.fields.size() != names.size()) {
          throw new IllegalArgumentException("line " + r.lineNumber + " is malformed");
        }
        centers.add(
            new Center(
                Long.parseLong(r.fields.get(id).trim()),
                r.fields.get(name).trim(),
                Double.parseDouble(r.fields.get(latitude)),
                Double.parseDouble(r.fields.get(longitude))));
      }
      if (centers.isEmpty()) {
        throw new InvalidConfigException("centers.input " + file + " holds no center");
      }
      return new NearestCenter(centers);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidConfigException(
          "centers.input "
              + file
              + " cannot be read as a CSV of id, name, latitude and longitude: "
              + e.getMessage(),
          e);
    }
  }

  /** The nearest center to a point, or null when the point is not known. */
  public @Nullable Nearest of(@Nullable Double latitude, @Nullable Double longitude) {
    if (latitude == null || longitude == null || latitude.isNaN() || longitude.isNaN()) {
      return null;
    }
    Nearest best = null;
    for (Center c : centers) {
      double km = haversineKm(latitude, longitude, c.latitude(), c.longitude());
      if (best == null || km < best.km()) {
        best = new Nearest(c, km);
      }
    }
    return best;
  }

  /** The great-circle distance between two points given in degrees, in km. */
  public static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
