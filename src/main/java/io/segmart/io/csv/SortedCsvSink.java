package io.segmart.io.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.values.KV;

/**
 * A file sink that writes a header and then its (sort key, line) elements in sort-key order (ties
 * by line), whatever order they arrive in: rows are held in memory until the file is flushed. An
 * element with an empty line only makes sure that the file exists.
 */
class SortedCsvSink implements FileIO.Sink<KV<String, String>> {
  private static final Comparator<KV<String, String>> ORDER =
      Comparator.comparing((KV<String, String> kv) -> kv.getKey()).thenComparing(KV::getValue);

  private final String header;
  private transient List<KV<String, String>> lines;
  private transient Writer writer;

  SortedCsvSink(String header) {
    this.header = header;
  }

  @Override
  public void open(WritableByteChannel channel) {
    OutputStream out = Channels.newOutputStream(channel);
    writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    lines = new ArrayList<>();
  }

  @Override
  public void write(KV<String, String> element) {
    if (!element.getValue().isEmpty()) {
      lines.add(element);
    }
  }

  @Override
  public void flush() throws IOException {
    lines.sort(ORDER);
    writer.write(header);
    writer.write('\n');
    for (KV<String, String> line : lines) {
      writer.write(line.getValue());
      writer.write('\n');
    }
    writer.flush();
    lines.clear();
  }
}
