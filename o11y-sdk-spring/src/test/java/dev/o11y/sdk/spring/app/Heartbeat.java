package dev.o11y.sdk.spring.app;

import dev.o11y.sdk.Monitored;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A monitored scheduled job; its span and operation metrics are what it is for. It logs nothing:
 * tests that read the app's log lines would see it.
 */
@Component
public class Heartbeat {

  @Monitored
  @Scheduled(fixedDelay = 250)
  public void beat() {}
}
