package dev.o11y.examples.plain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plain business code: it only logs. Trace ids reach its log lines through the MDC. */
final class WarehouseInventory implements Inventory {

  private static final Logger log = LoggerFactory.getLogger(WarehouseInventory.class);

  private final Map<String, Integer> stock = new ConcurrentHashMap<>(Map.of(
      "spinning-rod-2.4m", 1_000, "wobbler-minnow-7cm", 2_000, "braided-line-0.12", 500));

  @Override
  public int reserve(String sku, int quantity) {
    Integer left = stock.computeIfPresent(sku, (k, v) -> v >= quantity ? v - quantity : v);
    if (left == null) {
      throw new IllegalArgumentException("unknown sku " + sku);
    }
    simulateWork();
    log.info("reserved {} x {}, {} left", quantity, sku, left);
    return left;
  }

  private static void simulateWork() {
    long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(200_000, 3_000_000);
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }
}
