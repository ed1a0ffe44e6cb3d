package dev.o11y.sdk.spring.app;

import dev.o11y.sdk.Monitored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Work an async handler hands to another thread; it finishes when the test releases its key. */
@Service
public class GatedWork {

  private static final Logger log = LoggerFactory.getLogger(GatedWork.class);

  private final ReleaseGate gate;

  public GatedWork(ReleaseGate gate) {
    this.gate = gate;
  }

  /** Keys starting with {@code fail} throw once released. */
  @Monitored
  public String run(String key) {
    log.info("async work {} running", key);
    gate.pass(key);
    if (key.startsWith("fail")) {
      throw new IllegalStateException("async work " + key + " failed");
    }
    return "done " + key;
  }
}
