package io.segmart.intermediate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * A {@link RankKey} as its metric and customer id: ranking moves one per customer and metric (and
 * per snapshot), where Java serialization cost microseconds each.
 */
public final class RankKeyCoder extends AtomicCoder<RankKey> {
  private static final RankKeyCoder INSTANCE = new RankKeyCoder();

  private RankKeyCoder() {}

  public static RankKeyCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(RankKey key, OutputStream out) throws IOException {
    VarLongCoder.of().encode(key.value, out);
    StringUtf8Coder.of().encode(key.customerId, out);
  }

  @Override
  public RankKey decode(InputStream in) throws IOException {
    return new RankKey(VarLongCoder.of().decode(in), StringUtf8Coder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
