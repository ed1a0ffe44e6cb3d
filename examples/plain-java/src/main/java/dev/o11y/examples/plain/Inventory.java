package dev.o11y.examples.plain;

import dev.o11y.sdk.Monitored;
import dev.o11y.sdk.Slo;

/** The interface the SDK proxies; annotations may sit here or on the implementation. */
public interface Inventory {

  @Monitored(value = "reserve", slo = @Slo(successRate = 99.5, latency = "50ms"))
  int reserve(String sku, int quantity);
}
