package dev.o11y.sdk.spring.app;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ShopController {

  private static final Logger log = LoggerFactory.getLogger(ShopController.class);

  private final ProductCatalog catalog;
  private final org.springframework.core.task.AsyncTaskExecutor executor;

  public ShopController(ProductCatalog catalog,
      @org.springframework.beans.factory.annotation.Qualifier("applicationTaskExecutor")
      org.springframework.core.task.AsyncTaskExecutor executor) {
    this.catalog = catalog;
    this.executor = executor;
  }

  /** Logs on another thread, in no operation of its own: the request's context goes there. */
  @GetMapping("/products/{id}/audit")
  public String audit(@PathVariable long id) throws Exception {
    return executor.submit(() -> {
      log.info("audit of product {}", id);
      return "audited " + id;
    }).get();
  }

  @GetMapping("/products/{id}")
  public Map<String, Object> product(@PathVariable long id) {
    log.info("GET product {}", id);
    return catalog.find(id);
  }

  @GetMapping("/inventory/{id}")
  public int inventory(@PathVariable long id) {
    log.info("inventory lookup {}", id);
    return (int) (id * 10);
  }

  @GetMapping("/catalog/{sku}/price")
  public long price(@PathVariable String sku) {
    return 100L * sku.length();
  }

  /** What the request thread sees: the MDC trace id, the current span's trace id, the MDC request id. */
  @GetMapping("/whoami")
  public String whoami() {
    return org.slf4j.MDC.get("trace_id") + " " + io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId()
        + " " + org.slf4j.MDC.get("request_id");
  }

  @GetMapping("/boom")
  public String boom() {
    throw new IllegalStateException("database password=hunter2 rejected");
  }
}
