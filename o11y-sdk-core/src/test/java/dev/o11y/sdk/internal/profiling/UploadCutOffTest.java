package dev.o11y.sdk.internal.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.PyroscopeReceiver;
import io.pyroscope.http.Format;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.api.Exporter;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.javaagent.impl.PyroscopeExporter;
import io.pyroscope.labels.pb.JfrLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A profile upload still waiting for the server when the profiler stops ({@code close()}) is lost
 * as far as anyone can tell: it is counted in {@code o11y_sdk_dropped_profiles_total} at once, and
 * only once, however the agent's uploader ends it afterwards. The agent's real uploader, against the
 * local receiver holding its answer.
 */
class UploadCutOffTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * {@code tries} 1: the held attempt is the agent's last, so it later gives up on the upload too;
   * 3: its retries are cut short by the stop's interrupt.
   */
  @ParameterizedTest(name = "agent tries {0}x")
  @ValueSource(ints = {1, 3})
  void anUploadInFlightWhenTheProfilerStopsIsCountedOnce(int tries) throws InterruptedException {
    DroppedProfiles dropped = new DroppedProfiles();
    CountDownLatch uploadEnded = new CountDownLatch(1);
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start()) {
      pyroscope.respondWithStatus(503, WAIT.multipliedBy(2)); // answered when the receiver closes
      Config config = new Config.Builder().setApplicationName("shop").setServerAddress(pyroscope.url())
          .setFormat(Format.JFR).setIngestMaxRetries(tries).setProfileExportTimeout(WAIT.multipliedBy(2)).build();
      Exporter uploader = new PyroscopeExporter(config, new ProfilerLogger(dropped));
      CountingUploadQueue queue = new CountingUploadQueue(new Exporter() {
        @Override
        public void export(Snapshot snapshot) {
          try {
            uploader.export(snapshot);
          } finally {
            uploadEnded.countDown();
          }
        }

        @Override
        public void stop() {
          uploader.stop();
        }
      }, PyroscopeProfiler.UPLOAD_QUEUE, dropped);
      queue.export(new Snapshot(Format.JFR, EventType.ITIMER, Instant.now().minusSeconds(1), Instant.now(),
          new byte[] {1, 2, 3}, JfrLabels.LabelsSnapshot.getDefaultInstance()));
      pyroscope.awaitAttempts(1, WAIT);

      queue.stop();

      assertThat(dropped.count()).as("profiles counted as dropped when the profiler stopped").isEqualTo(1);
    }
    assertThat(uploadEnded.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the agent ended the upload").isTrue();
    assertThat(dropped.count()).as("profiles counted as dropped once the agent ended the upload").isEqualTo(1);
  }
}
