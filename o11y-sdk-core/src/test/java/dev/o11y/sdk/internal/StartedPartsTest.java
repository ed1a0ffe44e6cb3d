package dev.o11y.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a failed {@code O11y} construction unwinds what it started. */
class StartedPartsTest {

  @Test
  void stopsEveryPartLastFirstAndKeepsTheOriginalFailureWithStopFailuresSuppressed() {
    List<String> stopped = new ArrayList<>();
    IllegalStateException cannotStop = new IllegalStateException("profiler will not stop");
    StartedParts started = new StartedParts();
    started.add(() -> stopped.add("clock"));
    started.add(() -> {
      stopped.add("profiler");
      throw cannotStop;
    });
    started.add(() -> stopped.add("log fields"));
    IllegalArgumentException original = new IllegalArgumentException("meter refused");

    Throwable rethrown = started.stopAll(original);

    assertThat(rethrown).isSameAs(original);
    assertThat(rethrown.getSuppressed()).containsExactly(cannotStop);
    assertThat(stopped).containsExactly("log fields", "profiler", "clock");
  }
}
